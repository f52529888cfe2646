-- Post-load contract of fact_article_theme: one row per article version and theme, keys resolve.
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
with

final as (
    select
        t.article_version_key || ':' || t.theme as article_theme_key,
        t.hits,
        a.article_version_key as dim_article__article_version_key,
        d.theme as dim_theme__theme,
        dd.date_key as dim_date__date_key
    from fact_article_theme as t
    left join dim_article as a on t.article_version_key = a.article_version_key
    left join dim_theme as d on t.theme = d.theme
    left join dim_date as dd on t.date_key = dd.date_key
    where t.article_version_key in (select article_version_key from check_articles)
)

select * from final
