-- The data dictionary of seed_nationalities: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_nationalities is 'One row per nationality adjective or demonym of seeds/nationalities.csv (reloaded by every loading run): what the extractor types nationality. All columns text.';
comment on column seed_nationalities.adjective is 'The adjective or demonym as written, e.g. Cambodian, Filipinos.';
comment on column seed_nationalities.iso3 is 'Its country (-> dim_country.iso3).';
