-- article_entities: one row per current article and entity it mentions, with the count.
create or replace view article_entities as
with

final as (
    select
        file_name,
        published_date,
        entity_type,
        entity_name,
        country_iso3,
        max(role) as role,
        count(*) as mention_count,
        min(char_start) as first_char_start,
        entity_key,
        article_version_key
    from mentions
    group by all
)

select * from final
