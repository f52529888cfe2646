-- Articles that mention both of two countries. Parameters: country_a, country_b (ISO3).
with

pair as (
    select
        coalesce(getvariable('country_a'), 'KHM') as a,
        coalesce(getvariable('country_b'), 'CHN') as b
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
