-- The data dictionary of seed_region_abbreviations: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_region_abbreviations is 'One row per state or province abbreviation of datelines (seeds/region_abbreviations.csv), e.g. Ore., N.C., Ont. All columns text.';
comment on column seed_region_abbreviations.abbreviation is 'The abbreviation as written.';
comment on column seed_region_abbreviations.region is 'The state or province.';
comment on column seed_region_abbreviations.iso3 is 'Its country (-> dim_country.iso3).';
