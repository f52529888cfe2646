-- The data dictionary of fact_mention: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table fact_mention is 'One row per occurrence of an entity in an article version. Key: (article_version_key, char_start); -> dim_article, dim_entity, dim_date. Offsets index into dim_article.body (0-based, end exclusive).';
comment on column fact_mention.article_version_key is '-> dim_article.article_version_key.';
comment on column fact_mention.char_start is 'Offset of the first character in dim_article.body, 0-based.';
comment on column fact_mention.char_end is 'Offset after the last character (exclusive): body[char_start:char_end] = surface.';
comment on column fact_mention.entity_key is '-> dim_entity.entity_key.';
comment on column fact_mention.date_key is 'The article''s published date, yyyymmdd (-> dim_date.date_key).';
comment on column fact_mention.surface is 'The text as it appears in the article (e.g. ''Cambodian'' for Cambodia).';
comment on column fact_mention.role is 'For persons: the title or role the article gives them (e.g. Prime Minister); null otherwise.';
comment on column fact_mention.extractor_version is 'The version of the extraction rules that made the row.';
