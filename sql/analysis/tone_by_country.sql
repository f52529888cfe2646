-- Average tone of the stories about each country (article_countries), month by month.
with

final as (
    select
        c.country_iso3,
        c.country_name as country,
        cast(date_trunc('month', c.published_date) as date) as month,
        count(*) as articles,
        round(avg(a.tone), 2) as avg_tone,
        round(avg(a.negative), 2) as avg_negative
    from article_countries as c
    inner join articles as a on c.article_version_key = a.article_version_key
    group by all
    having count(*) >= coalesce(getvariable('min_articles'), 2)
    order by country_iso3, month
)

select * from final
