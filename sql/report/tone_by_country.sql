-- Average tone of the articles about each of the $top countries with the most articles.
with

final as (
    select
        coalesce(c.country_name, c.country_iso3) as country_name,
        count(*) as articles,
        avg(a.tone) as tone
    from article_countries as c
    inner join articles as a on c.article_version_key = a.article_version_key
    group by all
)

select * from final
order by articles desc, country_name asc
limit $top
