-- dim_theme export: one row per theme of the taxonomy.
-- not partitioned: a dimension small enough for one file.
with

final as (
    select *
    from dim_theme
)

select * from final
