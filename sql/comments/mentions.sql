-- The data dictionary of mentions: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view mentions is 'Analyst view. One row per entity occurrence in the current version of each article. Offsets index into articles.body: substr(body, char_start + 1, char_end - char_start) = surface.';
comment on column mentions.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt.';
comment on column mentions.published_date is 'The article''s published date (from its ` date ` line).';
comment on column mentions.entity_type is 'country, location, person or organization.';
comment on column mentions.entity_name is 'The canonical name.';
comment on column mentions.country_iso3 is 'The country of a country or location, ISO 3166 alpha-3; null otherwise.';
comment on column mentions.role is 'For persons: the title or role the article gives them.';
comment on column mentions.surface is 'The text as it appears in the article.';
comment on column mentions.char_start is 'Offset of the first character in articles.body, 0-based.';
comment on column mentions.char_end is 'Offset after the last character (exclusive).';
comment on column mentions.entity_key is '-> dim_entity.entity_key.';
comment on column mentions.article_version_key is 'The current article version (-> dim_article.article_version_key).';
comment on column mentions.extractor_version is 'The version of the extraction rules.';
