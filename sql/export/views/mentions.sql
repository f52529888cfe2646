-- mentions export: one row per entity occurrence in the current version of each article.
-- partition: month = the published_date's year and month (YYYY-MM).
with

final as (
    select
        *,
        strftime(published_date, '%Y-%m') as month
    from mentions
)

select * from final
