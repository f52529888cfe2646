-- The data dictionary of fact_article_theme: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table fact_article_theme is 'One row per article version and theme it touches. Key: (article_version_key, theme); -> dim_article, dim_theme, dim_date.';
comment on column fact_article_theme.article_version_key is '-> dim_article.article_version_key.';
comment on column fact_article_theme.theme is '-> dim_theme.theme.';
comment on column fact_article_theme.date_key is 'The article''s published date, yyyymmdd (-> dim_date.date_key).';
comment on column fact_article_theme.hits is 'Occurrences of the theme''s keywords and phrases in the body.';
comment on column fact_article_theme.themes_version is 'The version of the theme rules (and seeds/themes.csv) that made the row.';
