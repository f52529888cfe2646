-- The data dictionary of seed_organization_words: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_organization_words is 'One row per word that ends or heads organisation names (seeds/organization_words.csv). All columns text.';
comment on column seed_organization_words.word is 'The word, e.g. Corp, Ministry.';
comment on column seed_organization_words.kind is 'legal_form, institution, takes_of, takes_in or headline.';
