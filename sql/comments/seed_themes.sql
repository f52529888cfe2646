-- The data dictionary of seed_themes: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_themes is 'One row per theme keyword of seeds/themes.csv (reloaded by every loading run): the taxonomy behind dim_theme. All columns text.';
comment on column seed_themes.theme is 'The theme code (-> dim_theme.theme).';
comment on column seed_themes.label is 'What the theme is about.';
comment on column seed_themes.category is 'The theme''s group.';
comment on column seed_themes.keyword is 'A keyword or phrase that counts as a hit.';
