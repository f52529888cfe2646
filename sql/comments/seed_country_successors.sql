-- The data dictionary of seed_country_successors: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_country_successors is 'One row per historical country reported as its successor in the countries a story is about (seeds/country_successors.csv). All columns text.';
comment on column seed_country_successors.iso3 is 'The historical country, e.g. SUN.';
comment on column seed_country_successors.successor_iso3 is 'Its successor, e.g. RUS.';
