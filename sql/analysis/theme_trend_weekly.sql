-- How coverage of each theme rises and falls, ISO week by ISO week.
-- Parameter: themes (a list; default: the two themes in the most articles).
with

top_themes as (
    select theme
    from article_themes
    group by theme
    order by count(*) desc, theme asc
    limit 2
),

chosen as (
    select unnest(coalesce(getvariable('themes'), (select list(theme order by theme) from top_themes))) as theme
),

weekly as (
    select
        d.week_start,
        t.theme,
        count(distinct t.article_version_key) as articles,
        sum(t.hits) as hits
    from article_themes as t
    inner join chosen as c on t.theme = c.theme
    inner join dim_date as d on t.published_date = d.date
    group by all
),

weeks as (
    select distinct week_start from dim_date
    where date between (select min(published_date) from articles) and (select max(published_date) from articles)
),

final as (
    select
        w.week_start,
        c.theme,
        coalesce(x.articles, 0) as articles,
        coalesce(x.hits, 0) as hits
    from weeks as w
    cross join chosen as c
    left join weekly as x on w.week_start = x.week_start and c.theme = x.theme
    order by w.week_start, c.theme
)

select * from final
