-- Extend the calendar so it spans every article date, earliest to latest, without gaps.
insert into dim_date
with

day_bound as (
    select published_date as day from stg_article
    union all
    select date as day from dim_date
),

calendar as (
    select cast(unnest(generate_series(min(day), max(day), interval 1 day)) as date) as day
    from day_bound
    having count(*) > 0
),

final as (
    select
        cast(strftime(day, '%Y%m%d') as integer) as date_key,
        day as date,
        year(day) as year,
        quarter(day) as quarter,
        month(day) as month,
        monthname(day) as month_name,
        dayofmonth(day) as day_of_month,
        isoyear(day) as iso_year,
        weekofyear(day) as iso_week,
        cast(date_trunc('week', day) as date) as week_start,
        isodow(day) as day_of_week,
        dayname(day) as day_name,
        isodow(day) >= 6 as is_weekend
    from calendar
    where day not in (select date from dim_date)
)

select * from final
