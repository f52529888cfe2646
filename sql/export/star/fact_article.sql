-- fact_article export: one row per article version: its date, measures and tone.
-- partition: month = the article's published date (dim_date.date), year and month (YYYY-MM).
with

final as (
    select
        t.*,
        strftime(d.date, '%Y-%m') as month
    from fact_article as t
    inner join dim_date as d on t.date_key = d.date_key
)

select * from final
