-- Cross-document entities (issue 13): dim_entity_alias maps every name dim_entity held to the entity
-- it is, and dim_entity keeps one row per entity. Same table as sql/tables/dim_entity_alias.sql, same
-- group keys and resolution as sql/load/dim_entity_alias.sql, over every name at once.
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

insert into dim_entity_alias
with

keyed as (
    select
        entity_key as alias_key,
        entity_type,
        name,
        country_iso3,
        case
            when entity_type = 'person'
                then 'person|'
                    || lower(regexp_extract(regexp_replace(name, '\s+(Jr\.?|Sr\.?|II|III|IV)$', ''), '(\S+)$', 1))
            when entity_type = 'organization'
                then 'organization|' || regexp_replace(
                        regexp_replace(
                            regexp_replace(regexp_replace(lower(name), '^the ', ''), '&', ' and ', 'g'),
                            'isation',
                            'ization',
                            'g'
                        ),
                        '[^\p{L}\p{N}]', '', 'g'
                    )
            else entity_type || '|' || name || '|' || coalesce(country_iso3, '')
        end as group_key
    from dim_entity
),

full_names as (
    select
        group_key,
        min(alias_key) as full_key,
        count(*) as full_count
    from keyed
    where entity_type = 'person' and contains(name, ' ')
    group by group_key
),

first_spellings as (
    select
        group_key,
        arg_min(alias_key, name) as first_key
    from keyed
    where entity_type = 'organization'
    group by group_key
),

final as (
    select
        k.alias_key,
        k.entity_type,
        k.name,
        k.country_iso3,
        k.group_key,
        case
            when k.entity_type = 'person' and not contains(k.name, ' ') and f.full_count = 1 then f.full_key
            when k.entity_type = 'organization' then s.first_key
            else k.alias_key
        end as entity_key
    from keyed as k
    left join full_names as f on k.group_key = f.group_key
    left join first_spellings as s on k.group_key = s.group_key
    where k.alias_key not in (select e.alias_key from dim_entity_alias as e)
)

select * from final;

delete from dim_entity
where entity_key not in (select e.entity_key from dim_entity_alias as e);
