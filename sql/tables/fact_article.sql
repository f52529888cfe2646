-- fact_article: one row per article version: its date and its measures.
-- key: article_version_key (-> dim_article); date_key -> dim_date.
create table if not exists fact_article (
    article_version_key varchar not null,
    date_key integer not null,
    word_count integer not null,
    sentence_count integer not null,
    paragraph_count integer not null,
    heading_count integer not null,
    char_count integer not null
);
