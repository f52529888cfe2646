-- dim_country export: one row per ISO 3166 country.
-- not partitioned: a dimension small enough for one file.
with

final as (
    select *
    from dim_country
)

select * from final
