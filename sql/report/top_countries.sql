-- The $top countries that the most articles published in the last $days days of the data are about.
with

window_start as (
    select max(published_date) - cast($days - 1 as integer) as first_day
    from articles
),

final as (
    select
        c.country_iso3,
        coalesce(c.country_name, c.country_iso3) as country_name,
        count(distinct c.file_name) as articles
    from article_countries as c
    cross join window_start as w
    where c.published_date >= w.first_day
    group by c.country_iso3, c.country_name
)

select * from final
order by articles desc, country_name asc
limit $top
