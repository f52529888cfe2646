-- Articles per week for each of the $top themes with the most articles.
with

weekly as (
    select
        theme,
        coalesce(theme_label, theme) as theme_label,
        date_trunc('week', published_date) as week,
        count(distinct file_name) as articles
    from article_themes
    group by all
),

top_themes as (
    select theme
    from weekly
    group by theme
    order by sum(articles) desc, theme
    limit $top
),

final as (
    select w.*
    from weekly as w
    inner join top_themes as t on w.theme = t.theme
)

select * from final
order by theme, week
