-- fact_mention export: one row per occurrence of an entity in an article version.
-- partition: month = the article's published date (dim_date.date), year and month (YYYY-MM).
with

final as (
    select
        t.*,
        strftime(d.date, '%Y-%m') as month
    from fact_mention as t
    inner join dim_date as d on t.date_key = d.date_key
)

select * from final
