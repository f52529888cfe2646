-- The entities of the groups of names this batch touched, as dim_entity_alias now resolves them:
-- their rows are replaced by one per entity, named by the name that is the entity.
delete from dim_entity
where entity_key in (
        select e.alias_key
        from dim_entity_alias as e
        where e.group_key in (
                select a.group_key
                from dim_entity_alias as a
                where a.alias_key in (
                        select left(md5(entity_type || '|' || name || '|' || coalesce(country_iso3, '')), 16)
                        from stg_mention
                    )
            )
    );

insert into dim_entity
with

touched as (
    select distinct a.group_key
    from dim_entity_alias as a
    where a.alias_key in (
            select left(md5(entity_type || '|' || name || '|' || coalesce(country_iso3, '')), 16)
            from stg_mention
        )
),

final as (
    select
        e.alias_key as entity_key,
        e.entity_type,
        e.name,
        e.country_iso3
    from dim_entity_alias as e
    where e.group_key in (select t.group_key from touched as t) and e.entity_key = e.alias_key
)

select * from final;
