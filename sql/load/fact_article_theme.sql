insert into fact_article_theme
select
    t.article_version_key,
    t.theme,
    cast(strftime(a.published_date, '%Y%m%d') as integer) as date_key,
    t.hits,
    t.themes_version
from stg_article_theme as t
inner join stg_article as a on t.article_version_key = a.article_version_key
