-- The names this batch mentions for the first time, then every group of names that a batch
-- name belongs to resolved again from its members alone (so the result does not depend on
-- which run brought which name): a one-word person name is the person of the only full name
-- ending in it (else itself); an organisation is the first spelling of its group.
-- The group key expressions are repeated in migrations/002_entity_alias.sql.
insert into dim_entity_alias
with

named as (
    select distinct
        entity_type,
        name,
        country_iso3
    from stg_mention
),

keyed as (
    select
        left(md5(entity_type || '|' || name || '|' || coalesce(country_iso3, '')), 16) as alias_key,
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
    from named
),

final as (
    select
        alias_key,
        entity_type,
        name,
        country_iso3,
        group_key,
        alias_key as entity_key
    from keyed
    where alias_key not in (select e.alias_key from dim_entity_alias as e)
)

select * from final;

update dim_entity_alias as a
set entity_key = r.entity_key
from (
    with

    batch_names as (
        select distinct left(md5(entity_type || '|' || name || '|' || coalesce(country_iso3, '')), 16) as alias_key
        from stg_mention
    ),

    touched as (
        select distinct e.group_key
        from dim_entity_alias as e
        inner join batch_names as b on e.alias_key = b.alias_key
    ),

    members as (
        select e.*
        from dim_entity_alias as e
        where e.group_key in (select t.group_key from touched as t)
    ),

    full_names as (
        select
            group_key,
            min(alias_key) as full_key,
            count(*) as full_count
        from members
        where entity_type = 'person' and contains(name, ' ')
        group by group_key
    ),

    first_spellings as (
        select
            group_key,
            arg_min(alias_key, name) as first_key
        from members
        where entity_type = 'organization'
        group by group_key
    ),

    final as (
        select
            m.alias_key,
            case
                when m.entity_type = 'person' and not contains(m.name, ' ') and f.full_count = 1 then f.full_key
                when m.entity_type = 'organization' then s.first_key
                else m.alias_key
            end as entity_key
        from members as m
        left join full_names as f on m.group_key = f.group_key
        left join first_spellings as s on m.group_key = s.group_key
    )

    select * from final
) as r
where a.alias_key = r.alias_key and a.entity_key <> r.entity_key;
