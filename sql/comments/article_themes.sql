-- The data dictionary of article_themes: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view article_themes is 'Analyst view. One row per current article and theme it touches, with the keyword hits. From fact_article_theme + dim_theme.';
comment on column article_themes.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt.';
comment on column article_themes.published_date is 'The article''s published date (from its ` date ` line).';
comment on column article_themes.theme is 'The theme code (-> dim_theme.theme).';
comment on column article_themes.theme_label is 'What the theme is about.';
comment on column article_themes.theme_category is 'The theme''s group.';
comment on column article_themes.hits is 'Occurrences of the theme''s keywords in the body.';
comment on column article_themes.article_version_key is 'The current article version (-> dim_article.article_version_key).';
comment on column article_themes.themes_version is 'The version of the theme rules.';
