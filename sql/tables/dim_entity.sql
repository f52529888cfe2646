-- dim_entity: one row per entity of any type (one dimension with a type column), across
-- documents: "Reagan" and "Ronald Reagan" are one row where unambiguous (see dim_entity_alias).
-- key: entity_key = md5(entity_type | name | country_iso3) of its name, first 16 hex characters.
-- entity_type in (country, nationality, location, person, organization); country_iso3 -> dim_country.
create table if not exists dim_entity (
    entity_key varchar not null,
    entity_type varchar not null,
    name varchar not null,
    country_iso3 varchar               -- the country of a country, nationality or location; null otherwise
);
