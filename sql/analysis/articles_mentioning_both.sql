-- Articles that mention both of two countries. Parameters: country_a, country_b (ISO3).
-- Defaults: country_a the country most stories are about (article_countries), country_b the
-- country mentioned in the most articles that mention country_a.
with

top_country as (
    select country_iso3 as iso3
    from article_countries
    group by country_iso3
    order by count(*) desc, country_iso3 asc
    limit 1
),

first_country as (
    select coalesce(getvariable('country_a'), (select iso3 from top_country)) as a
),

partner as (
    select m.country_iso3 as iso3
    from mentions as m, first_country as f
    where
        m.entity_type = 'country'
        and m.country_iso3 <> f.a
        and m.article_version_key in (
            select x.article_version_key
            from mentions as x
            where x.entity_type = 'country' and x.country_iso3 = f.a
        )
    group by m.country_iso3
    order by count(distinct m.article_version_key) desc, m.country_iso3 asc
    limit 1
),

pair as (
    select
        f.a,
        coalesce(getvariable('country_b'), (select iso3 from partner)) as b
    from first_country as f
),

counts as (
    select
        m.file_name,
        m.published_date,
        count(*) filter (where m.country_iso3 = pair.a) as mentions_a,
        count(*) filter (where m.country_iso3 = pair.b) as mentions_b
    from mentions as m, pair
    where m.entity_type = 'country'
    group by all
),

final as (
    select
        c.published_date,
        c.file_name,
        a.title,
        c.mentions_a,
        c.mentions_b
    from counts as c
    inner join articles as a on c.file_name = a.file_name
    where c.mentions_a > 0 and c.mentions_b > 0
    order by c.published_date, c.file_name
)

select * from final
