-- article_countries export: one row per current article and country the story is about.
-- partition: month = the published_date's year and month (YYYY-MM).
with

final as (
    select
        *,
        strftime(published_date, '%Y-%m') as month
    from article_countries
)

select * from final
