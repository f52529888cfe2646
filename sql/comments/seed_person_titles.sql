-- The data dictionary of seed_person_titles: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_person_titles is 'One row per line of seeds/person_titles.csv (reloaded by every loading run): the titles and roles that introduce a person. All columns text.';
comment on column seed_person_titles.title is 'The title as written, e.g. Adm.';
comment on column seed_person_titles.normalized is 'The role it becomes in fact_mention.role, e.g. Admiral.';
