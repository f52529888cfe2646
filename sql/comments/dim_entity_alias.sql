-- The data dictionary of dim_entity_alias: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_entity_alias is 'One row per entity name as the extractor wrote it (type, name, country), and the entity it is across documents: a one-word person name resolves to the only full name ending in it, the spellings of an organisation to the first of them. Key: alias_key (= fact_mention.entity_key); entity_key -> dim_entity. Lineage: sql/load/dim_entity_alias.sql.';
comment on column dim_entity_alias.alias_key is 'Key. The first 16 hex characters of md5(entity_type | name | country_iso3) of the name as extracted; fact_mention.entity_key holds it.';
comment on column dim_entity_alias.entity_type is 'country, nationality, location, person or organization.';
comment on column dim_entity_alias.name is 'The name as extracted, e.g. Reagan.';
comment on column dim_entity_alias.country_iso3 is 'The country of a country, nationality or location; null otherwise.';
comment on column dim_entity_alias.group_key is 'The names that may be one entity: person|<surname>, organization|<name without case, spacing, punctuation or -isation/-ization>, else the name itself.';
comment on column dim_entity_alias.entity_key is '-> dim_entity.entity_key: the entity the name resolves to (itself when unambiguous or alone).';
