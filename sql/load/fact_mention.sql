insert into fact_mention
select
    m.article_version_key,
    m.char_start,
    m.char_end,
    left(md5(m.entity_type || '|' || m.name || '|' || coalesce(m.country_iso3, '')), 16) as entity_key,
    cast(strftime(a.published_date, '%Y%m%d') as integer) as date_key,
    m.surface,
    m.role,
    m.extractor_version
from stg_mention as m
inner join stg_article as a on m.article_version_key = a.article_version_key
