-- dim_country: one row per ISO 3166 country, current (ISO 3166-1) or historical (ISO 3166-3).
-- key: iso3. Built from pycountry, so codes are the standard's.
create table if not exists dim_country (
    iso3 varchar not null,
    iso2 varchar,
    name varchar not null,
    official_name varchar,
    is_historical boolean not null
);
