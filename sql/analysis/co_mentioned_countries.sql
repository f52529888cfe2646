-- Countries mentioned in the same articles as a given country, month by month.
-- Parameter: country (ISO3; default: the country most stories are about, in article_countries).
-- dateline sql --file ... --set country=THA
with

top_country as (
    select country_iso3 as iso3
    from article_countries
    group by country_iso3
    order by count(*) desc, country_iso3 asc
    limit 1
),

focus as (
    select coalesce(getvariable('country'), (select iso3 from top_country)) as iso3
),

focus_articles as (
    select distinct
        m.article_version_key,
        date_trunc('month', m.published_date) as month
    from mentions as m, focus
    where m.entity_type = 'country' and m.country_iso3 = focus.iso3
),

co_mentions as (
    select
        f.month,
        m.country_iso3,
        m.entity_name as country,
        count(distinct m.article_version_key) as articles,
        count(*) as mentions
    from focus_articles as f
    inner join mentions as m on f.article_version_key = m.article_version_key
    cross join focus
    where m.entity_type = 'country' and m.country_iso3 <> focus.iso3
    group by all
),

final as (
    select
        cast(month as date) as month,
        country_iso3,
        country,
        articles,
        mentions
    from co_mentions
    order by month asc, articles desc, mentions desc, country_iso3 asc
)

select * from final
