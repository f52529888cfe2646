-- Post-load contract of dim_date: one row per day, no gaps.
with

final as (
    select
        date_key,
        date,
        day_of_week,
        (max(date) over () - min(date) over ()) + 1 as days_spanned,
        count(*) over () as row_count
    from dim_date
)

select * from final
