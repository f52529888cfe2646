-- articles: one row per article (file name) in its current version: the latest loaded.
-- Analyst contract: file_name, source_id, published_date, title, body, word_count, paragraph_count,
-- and the GDELT-style tone columns tone, positive, negative, polarity.
create or replace view articles as
with

current_version as (
    select *
    from dim_article
    qualify version_no = max(version_no) over (partition by file_name)
),

final as (
    select
        a.file_name,
        a.article_id,
        a.source_id,
        a.seq_no,
        a.version_no,
        d.date as published_date,
        a.title,
        a.body,
        f.word_count,
        f.sentence_count,
        f.paragraph_count,
        f.heading_count,
        f.char_count,
        f.tone,
        f.positive,
        f.negative,
        f.polarity,
        a.article_version_key,
        a.run_id,
        a.loaded_at
    from current_version as a
    inner join fact_article as f on a.article_version_key = f.article_version_key
    inner join dim_date as d on f.date_key = d.date_key
)

select * from final
