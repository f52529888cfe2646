-- dim_entity export: one row per canonical entity of any type.
-- not partitioned: a dimension small enough for one file.
with

final as (
    select *
    from dim_entity
)

select * from final
