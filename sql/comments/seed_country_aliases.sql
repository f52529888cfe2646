-- The data dictionary of seed_country_aliases: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_country_aliases is 'One row per line of seeds/country_aliases.csv (reloaded by every loading run): short forms and other names of countries for the gazetteer (adjectives and demonyms are in seeds/nationalities.csv). All columns text.';
comment on column seed_country_aliases.alias is 'The name as written in articles, e.g. U.S., Burma.';
comment on column seed_country_aliases.iso3 is 'The country it stands for, ISO 3166 alpha-3.';
