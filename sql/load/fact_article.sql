insert into fact_article
select
    article_version_key,
    cast(strftime(published_date, '%Y%m%d') as integer) as date_key,
    word_count,
    sentence_count,
    paragraph_count,
    heading_count,
    length(body) as char_count,
    tone,
    positive,
    negative,
    polarity,
    tone_version
from stg_article
