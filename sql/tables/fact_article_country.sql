-- fact_article_country: one row per article version and country the story is about.
-- key: (article_version_key, country_iso3); -> dim_article, dim_country, dim_date.
create table if not exists fact_article_country (
    article_version_key varchar not null,
    country_iso3 varchar not null,
    date_key integer not null,
    rank tinyint not null,             -- 1 = the main country
    extractor_version varchar not null,
    score double                       -- the weight of the evidence for it (extract/countries.py)
);
