-- The data dictionary of dim_country: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_country is 'One row per ISO 3166 country, current (ISO 3166-1) or historical (ISO 3166-3: SUN, DDR, YUG, ...), from pycountry. Key: iso3.';
comment on column dim_country.iso3 is 'Key. ISO 3166 alpha-3 code, e.g. KHM.';
comment on column dim_country.iso2 is 'ISO 3166-1 alpha-2 code, e.g. KH; null for some historical countries.';
comment on column dim_country.name is 'Common English name, e.g. Cambodia.';
comment on column dim_country.official_name is 'Official English name, where ISO gives one.';
comment on column dim_country.is_historical is 'True for a country that no longer exists (ISO 3166-3).';
