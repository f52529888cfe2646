-- The data dictionary of fact_article: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table fact_article is 'One row per article version: its date, its measures and its tone. Key: article_version_key (-> dim_article); date_key -> dim_date. Tone as GDELT''s GKG, from VADER''s lexicon.';
comment on column fact_article.article_version_key is 'Key. -> dim_article.article_version_key.';
comment on column fact_article.date_key is 'The published date, yyyymmdd (-> dim_date.date_key).';
comment on column fact_article.word_count is 'Words in the whole body.';
comment on column fact_article.sentence_count is 'Sentences in the prose paragraphs (not the headline or headings).';
comment on column fact_article.paragraph_count is 'Prose paragraphs (blank-line separated; not the headline or headings).';
comment on column fact_article.heading_count is 'Section headings: later paragraphs of a few capitalised words without a final stop.';
comment on column fact_article.char_count is 'Characters in body.';
comment on column fact_article.tone is 'positive - negative, in percentage points (-100 to 100).';
comment on column fact_article.positive is 'Percent of the words that VADER''s lexicon scores positive (0 to 100).';
comment on column fact_article.negative is 'Percent of the words that VADER''s lexicon scores negative (0 to 100).';
comment on column fact_article.polarity is 'positive + negative, in percent: how emotive the text is.';
comment on column fact_article.tone_version is 'The version of the tone rules that made the row.';
