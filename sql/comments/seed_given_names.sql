-- The data dictionary of seed_given_names: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_given_names is 'One row per given name of seeds/given_names.csv: names that start a person on their own (with gender-guesser''s broader list). All columns text.';
comment on column seed_given_names.name is 'The given name.';
