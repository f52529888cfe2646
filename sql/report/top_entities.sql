-- The $top entities mentioned by the most articles published in the last $days days of the data.
with

window_start as (
    select max(published_date) - cast($days - 1 as integer) as first_day
    from articles
),

final as (
    select
        e.entity_type,
        e.entity_name,
        count(distinct e.file_name) as articles,
        sum(e.mention_count) as mentions
    from article_entities as e
    cross join window_start as w
    where e.published_date >= w.first_day
    group by e.entity_type, e.entity_name
)

select * from final
order by articles desc, mentions desc, entity_name asc
limit $top
