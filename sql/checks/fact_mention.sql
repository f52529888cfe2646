-- Post-load contract of fact_mention: one row per occurrence, every key resolves, and the
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
-- offsets point at the surface inside the article body.
with

final as (
    select
        m.article_version_key || ':' || m.char_start as mention_key,
        m.char_start,
        m.char_end,
        m.char_end - m.char_start as span_length,
        length(a.body) - m.char_end as chars_after_end,
        substr(a.body, m.char_start + 1, m.char_end - m.char_start) = m.surface as surface_matches_body,
        e.entity_type,
        case when e.entity_type = 'person' then 'n/a' else coalesce(m.role, 'n/a') end as non_person_role,
        m.extractor_version,
        a.article_version_key as dim_article__article_version_key,
        e.entity_key as dim_entity__entity_key,
        d.date_key as dim_date__date_key
    from fact_mention as m
    left join dim_article as a on m.article_version_key = a.article_version_key
    left join dim_entity as e on m.entity_key = e.entity_key
    left join dim_date as d on m.date_key = d.date_key
    where m.article_version_key in (select article_version_key from check_articles)
)

select * from final
