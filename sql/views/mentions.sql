-- mentions: one row per entity occurrence in the current version of each article.
-- Offsets index into articles.body: substr(body, char_start + 1, char_end - char_start) = surface.
create or replace view mentions as
with

final as (
    select
        a.file_name,
        a.published_date,
        e.entity_type,
        e.name as entity_name,
        e.country_iso3,
        m.role,
        m.surface,
        m.char_start,
        m.char_end,
        m.entity_key,
        m.article_version_key,
        m.extractor_version
    from fact_mention as m
    inner join articles as a on m.article_version_key = a.article_version_key
    inner join dim_entity as e on m.entity_key = e.entity_key
)

select * from final
