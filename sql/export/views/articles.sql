-- articles export: one row per article in its current version, as in the view articles.
-- partition: month = the published_date's year and month (YYYY-MM).
with

final as (
    select
        *,
        strftime(published_date, '%Y-%m') as month
    from articles
)

select * from final
