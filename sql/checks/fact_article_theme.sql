-- Post-load contract of fact_article_theme: one row per article version and theme, keys resolve.
with

final as (
    select
        t.article_version_key || ':' || t.theme as article_theme_key,
        t.hits,
        a.article_version_key as dim_article__article_version_key,
        d.theme as dim_theme__theme,
        dd.date_key as dim_date__date_key
    from fact_article_theme as t
    left join dim_article as a on a.article_version_key = t.article_version_key
    left join dim_theme as d on d.theme = t.theme
    left join dim_date as dd on dd.date_key = t.date_key
)

select * from final
