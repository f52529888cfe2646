-- Post-load contract of fact_article_country: one row per article version and country, keys resolve.
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
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
    left join dim_article as a on c.article_version_key = a.article_version_key
    left join dim_country as d on c.country_iso3 = d.iso3
    left join dim_date as dd on c.date_key = dd.date_key
    where c.article_version_key in (select article_version_key from check_articles)
)

select * from final
