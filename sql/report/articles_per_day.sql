-- Current articles per published date.
select
    published_date,
    count(*) as articles
from articles
group by published_date
order by published_date
