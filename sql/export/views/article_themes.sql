-- article_themes export: one row per current article and theme it touches.
-- partition: month = the published_date's year and month (YYYY-MM).
with

final as (
    select
        *,
        strftime(published_date, '%Y-%m') as month
    from article_themes
)

select * from final
