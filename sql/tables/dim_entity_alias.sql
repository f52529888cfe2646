-- dim_entity_alias: one row per name of an entity as the extractor wrote it (type, name, country),
-- and the entity it is across documents: "Reagan" -> "Ronald Reagan" where one full name ends
-- in it; the spellings of an organisation -> the first of them in alphabetical order.
-- key: alias_key = md5(entity_type | name | country_iso3), first 16 hex characters (what
-- fact_mention.entity_key holds); entity_key -> dim_entity; group_key: the names that may be
-- one entity (a person's surname, an organisation's name without case, spacing or spelling).
create table if not exists dim_entity_alias (
    alias_key varchar not null,
    entity_type varchar not null,
    name varchar not null,
    country_iso3 varchar,
    group_key varchar not null,
    entity_key varchar not null
);
create index if not exists entity_alias_alias_key on dim_entity_alias (alias_key);
create index if not exists entity_alias_group_key on dim_entity_alias (group_key);
