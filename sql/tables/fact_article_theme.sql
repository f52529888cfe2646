-- fact_article_theme: one row per article version and theme it touches.
-- key: (article_version_key, theme); -> dim_article, dim_theme, dim_date.
create table if not exists fact_article_theme (
    article_version_key varchar not null,
    theme varchar not null,
    date_key integer not null,
    hits integer not null,
    themes_version varchar not null
);
