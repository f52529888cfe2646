-- The data dictionary of seed_word_lists: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_word_lists is 'One row per word of the vocabularies of the extraction rules (seeds/word_lists.csv), one named list each. All columns text.';
comment on column seed_word_lists.list is 'The list, e.g. non_entity, reporting_verb, place_head, club_word.';
comment on column seed_word_lists.word is 'A word of the list.';
