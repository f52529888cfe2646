-- The data dictionary of article_entities: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view article_entities is 'Analyst view. One row per current article and entity it mentions, with the number of mentions. From mentions.';
comment on column article_entities.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt.';
comment on column article_entities.published_date is 'The article''s published date (from its ` date ` line).';
comment on column article_entities.entity_type is 'country, location, person or organization.';
comment on column article_entities.entity_name is 'The canonical name.';
comment on column article_entities.country_iso3 is 'The country of a country or location; null otherwise.';
comment on column article_entities.role is 'For persons: a role the article gives them (the greatest, alphabetically, if several).';
comment on column article_entities.mention_count is 'Mentions of the entity in the article.';
comment on column article_entities.first_char_start is 'Offset of the first mention in articles.body, 0-based.';
comment on column article_entities.entity_key is '-> dim_entity.entity_key.';
comment on column article_entities.article_version_key is 'The current article version (-> dim_article.article_version_key).';
