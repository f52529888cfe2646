-- fact_mention: one row per occurrence of an entity in an article version.
-- key: (article_version_key, char_start); article_version_key -> dim_article,
-- entity_key -> dim_entity_alias.alias_key (the name as extracted; dim_entity_alias resolves it to
-- dim_entity), date_key -> dim_date.
-- char_start/char_end are offsets into dim_article.body (0-based, end exclusive).
create table if not exists fact_mention (
    article_version_key varchar not null,
    char_start integer not null,
    char_end integer not null,
    entity_key varchar not null,
    date_key integer not null,
    surface varchar not null,
    role varchar,                      -- for persons: the title or role the article gives
    extractor_version varchar not null
);
