-- Post-load contract of dim_entity: keys, allowed types, names, ISO codes that resolve.
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
with

final as (
    select
        e.entity_key,
        e.entity_type,
        e.entity_type || '|' || e.name || '|' || coalesce(e.country_iso3, '') as natural_key,
        e.name,
        case when e.country_iso3 is null then 'n/a' else c.iso3 end as dim_country__iso3,
        e.entity_type in ('country') and e.country_iso3 is null as country_without_code
    from dim_entity as e
    left join dim_country as c on e.country_iso3 = c.iso3
    where e.entity_key in (
            select entity_key from fact_mention
            where article_version_key in (select article_version_key from check_articles)
        )
)

select * from final
