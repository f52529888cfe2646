-- Entities mentioned for the first time in a given ISO week.
-- Parameter: week_start (a Monday; default: the latest week with articles).
with

target as (
    select coalesce(
        cast(getvariable('week_start') as date),
        (select max(d.week_start) from articles as a inner join dim_date as d on a.published_date = d.date)
    ) as week_start
),

first_seen as (
    select
        entity_type,
        entity_name,
        country_iso3,
        min(published_date) as first_date,
        count(distinct article_version_key) as articles
    from mentions
    group by all
),

final as (
    select
        f.first_date,
        f.entity_type,
        f.entity_name,
        f.country_iso3,
        f.articles
    from first_seen as f, target as t
    where f.first_date >= t.week_start and f.first_date < t.week_start + interval 7 day
    order by f.first_date, f.entity_type, f.entity_name
)

select * from final
