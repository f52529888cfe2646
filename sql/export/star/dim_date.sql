-- dim_date export: one row per calendar day from the earliest to the latest article date.
-- not partitioned: a dimension small enough for one file (its own month column stays a column).
with

final as (
    select *
    from dim_date
)

select * from final
