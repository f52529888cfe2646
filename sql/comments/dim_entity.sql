-- The data dictionary of dim_entity: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_entity is 'One row per canonical entity of any type: country, location, person or organization. Key: entity_key. Lineage: the extraction of each loaded article (flows/dateline/extract).';
comment on column dim_entity.entity_key is 'Key. The first 16 hex characters of md5(entity_type | name | country_iso3).';
comment on column dim_entity.entity_type is 'country, location, person or organization.';
comment on column dim_entity.name is 'The canonical name, e.g. Cambodia, Phnom Penh, Hun Manet, ASEAN.';
comment on column dim_entity.country_iso3 is 'The country of a country or location (-> dim_country.iso3); null for persons and organizations.';
