-- Counts that must reconcile across the manifest, the star schema and the views.
-- Whole tables, counted in SQL: one row, whatever the size of the warehouse.
with

counts as (
    select
        (
            select count(*) from file_manifest
            where outcome = 'loaded'
        ) as manifest_loaded,
        (select count(*) from dim_article) as dim_article_rows,
        (select count(*) from fact_article) as fact_article_rows,
        (
            select count(*) from file_manifest
            where outcome = 'quarantined'
        ) as manifest_quarantined,
        (select count(*) from quarantine) as quarantine_rows,
        (select count(distinct file_name) from dim_article) as article_names,
        (select count(*) from articles) as articles_rows
),

final as (
    select
        'warehouse' as check_id,
        *
    from counts
)

select * from final
