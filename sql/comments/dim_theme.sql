-- The data dictionary of dim_theme: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_theme is 'One row per theme of the taxonomy in seeds/themes.csv (GDELT GKG style). Key: theme.';
comment on column dim_theme.theme is 'Key. The theme code, UPPER_SNAKE, e.g. MILITARY_COOPERATION.';
comment on column dim_theme.label is 'What the theme is about, in words.';
comment on column dim_theme.category is 'The theme''s group, e.g. diplomacy or economy.';
comment on column dim_theme.keyword_count is 'How many keywords and phrases of seeds/themes.csv define it.';
