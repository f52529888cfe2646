-- fact_article: one row per article version: its date, its measures and its tone.
-- tone columns follow GDELT's GKG: positive and negative are the percentages of words
-- that are positive or negative (VADER's lexicon), tone = positive - negative,
-- polarity = positive + negative.
-- key: article_version_key (-> dim_article); date_key -> dim_date.
create table if not exists fact_article (
    article_version_key varchar not null,
    date_key integer not null,
    word_count integer not null,
    sentence_count integer not null,
    paragraph_count integer not null,
    heading_count integer not null,
    char_count integer not null,
    tone double not null,
    positive double not null,
    negative double not null,
    polarity double not null,
    tone_version varchar not null
);
