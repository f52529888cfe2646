-- The data dictionary of seed_locations: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_locations is 'One row per line of seeds/locations.csv (reloaded by every loading run): capitals, cities, regions and seas with their country. All columns text.';
comment on column seed_locations.name is 'The place name as written in articles.';
comment on column seed_locations.iso3 is 'The country it is in, ISO 3166 alpha-3.';
comment on column seed_locations.kind is 'capital, city, province, region, sea, strait, ...';
