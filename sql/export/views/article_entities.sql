-- article_entities export: one row per current article and entity it mentions.
-- partition: month = the published_date's year and month (YYYY-MM).
with

final as (
    select
        *,
        strftime(published_date, '%Y-%m') as month
    from article_entities
)

select * from final
