-- Post-load contract of fact_article_country: one row per article version and country, keys resolve.
with

final as (
    select
        c.article_version_key || ':' || c.country_iso3 as article_country_key,
        c.article_version_key || ':' || c.rank as article_rank_key,
        c.rank,
        a.article_version_key as dim_article__article_version_key,
        d.iso3 as dim_country__iso3,
        dd.date_key as dim_date__date_key
    from fact_article_country as c
    left join dim_article as a on a.article_version_key = c.article_version_key
    left join dim_country as d on d.iso3 = c.country_iso3
    left join dim_date as dd on dd.date_key = c.date_key
)

select * from final
