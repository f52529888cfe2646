-- The data dictionary of article_countries: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view article_countries is 'Analyst view. One row per current article and country the story is about, ranked (1 = main country). From fact_article_country + dim_country.';
comment on column article_countries.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt.';
comment on column article_countries.published_date is 'The article''s published date (from its ` date ` line).';
comment on column article_countries.country_iso3 is 'ISO 3166 alpha-3 code (-> dim_country.iso3).';
comment on column article_countries.country_name is 'The country''s common English name.';
comment on column article_countries.rank is '1 = the main country, then 2, 3, ...';
comment on column article_countries.article_version_key is 'The current article version (-> dim_article.article_version_key).';
