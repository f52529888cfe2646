-- Post-load contract of fact_article: one row per article version, every foreign key resolves.
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
with

final as (
    select
        f.article_version_key,
        f.date_key,
        f.word_count,
        f.paragraph_count,
        f.sentence_count,
        f.tone,
        f.positive,
        f.negative,
        f.polarity,
        abs(f.tone - (f.positive - f.negative)) < 0.001 as tone_is_positive_minus_negative,
        a.article_version_key as dim_article__article_version_key,
        d.date_key as dim_date__date_key
    from fact_article as f
    left join dim_article as a on f.article_version_key = a.article_version_key
    left join dim_date as d on f.date_key = d.date_key
    where f.article_version_key in (select article_version_key from check_articles)
)

select * from final
