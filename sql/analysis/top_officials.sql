-- The most-mentioned people, with the role the articles give them most often.
with

people as (
    select
        entity_name,
        role,
        article_version_key
    from mentions
    where entity_type = 'person'
),

roles as (
    select
        entity_name,
        role,
        count(distinct article_version_key) as role_articles
    from people
    where role is not null
    group by entity_name, role
    qualify row_number() over (partition by entity_name order by role_articles desc, role asc) = 1
),

final as (
    select
        p.entity_name as person,
        r.role,
        count(distinct p.article_version_key) as articles,
        count(*) as mentions
    from people as p
    left join roles as r on p.entity_name = r.entity_name
    group by all
    order by articles desc, mentions desc, person asc
    limit coalesce(getvariable('top'), 15)
)

select * from final
