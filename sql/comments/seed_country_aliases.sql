-- The data dictionary of seed_country_aliases: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_country_aliases is 'One row per line of seeds/country_aliases.csv (reloaded by every loading run): short forms and demonyms of countries for the gazetteer. All columns text.';
comment on column seed_country_aliases.alias is 'The name or demonym as written in articles, e.g. Cambodian.';
comment on column seed_country_aliases.iso3 is 'The country it stands for, ISO 3166 alpha-3.';
