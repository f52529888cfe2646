insert into fact_article_country
select
    c.article_version_key,
    c.country_iso3,
    cast(strftime(a.published_date, '%Y%m%d') as integer) as date_key,
    c.rank,
    c.extractor_version
from stg_article_country as c
inner join stg_article as a on c.article_version_key = a.article_version_key
