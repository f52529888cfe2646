-- dim_article export: one row per article version (every version, not only the current one).
-- partition: month = the version's published date (fact_article -> dim_date), YYYY-MM.
with

final as (
    select
        a.*,
        strftime(d.date, '%Y-%m') as month
    from dim_article as a
    inner join fact_article as f on a.article_version_key = f.article_version_key
    inner join dim_date as d on f.date_key = d.date_key
)

select * from final
