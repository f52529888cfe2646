-- article_countries: one row per current article and country the story is about, ranked.
create or replace view article_countries as
with

final as (
    select
        a.file_name,
        a.published_date,
        c.country_iso3,
        d.name as country_name,
        c.rank,
        c.article_version_key
    from fact_article_country as c
    inner join articles as a on c.article_version_key = a.article_version_key
    left join dim_country as d on c.country_iso3 = d.iso3
)

select * from final
