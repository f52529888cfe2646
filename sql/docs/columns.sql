-- The columns of every table and view with their types and comments, in table order.
with

final as (
    select
        table_name as name,
        column_name,
        data_type,
        is_nullable,
        comment
    from duckdb_columns()
    where schema_name = 'main' and database_name = current_database() and not internal
    order by table_name, column_index
)

select * from final
