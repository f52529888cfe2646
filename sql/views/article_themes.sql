-- article_themes: one row per current article and theme it touches, with the keyword hits.
create or replace view article_themes as
with

final as (
    select
        a.file_name,
        a.published_date,
        t.theme,
        d.label as theme_label,
        d.category as theme_category,
        t.hits,
        t.article_version_key,
        t.themes_version
    from fact_article_theme as t
    inner join articles as a on t.article_version_key = a.article_version_key
    left join dim_theme as d on t.theme = d.theme
)

select * from final
