-- The tables and views of the warehouse with their comments: the data dictionary's objects.
with

objects as (
    select
        table_name as name,
        'table' as kind,
        comment,
        estimated_size as row_estimate
    from duckdb_tables()
    where schema_name = 'main' and database_name = current_database() and not temporary
    union all
    select
        view_name as name,
        'view' as kind,
        comment,
        null as row_estimate
    from duckdb_views()
    where schema_name = 'main' and database_name = current_database() and not internal and not temporary
),

final as (
    select
        name,
        kind,
        comment,
        row_estimate
    from objects
    order by kind, name
)

select * from final
