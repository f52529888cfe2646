-- The data dictionary of fact_article_country: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table fact_article_country is 'One row per article version and country the story is about (mentions of countries and their places, weighted twice in the lead), ranked. Key: (article_version_key, country_iso3); -> dim_article, dim_country, dim_date.';
comment on column fact_article_country.article_version_key is '-> dim_article.article_version_key.';
comment on column fact_article_country.country_iso3 is '-> dim_country.iso3.';
comment on column fact_article_country.date_key is 'The article''s published date, yyyymmdd (-> dim_date.date_key).';
comment on column fact_article_country.rank is '1 = the main country, then 2, 3, ... by weight.';
comment on column fact_article_country.extractor_version is 'The version of the extraction rules that made the row.';
