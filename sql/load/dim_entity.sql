-- Add the entities this batch mentions for the first time.
insert into dim_entity
with

mentioned as (
    select distinct
        entity_type,
        name,
        country_iso3
    from stg_mention
),

final as (
    select
        left(md5(entity_type || '|' || name || '|' || coalesce(country_iso3, '')), 16) as entity_key,
        entity_type,
        name,
        country_iso3
    from mentioned
)

select * from final
where entity_key not in (select entity_key from dim_entity)
