-- runs export: one row per flow run, as in the view runs, but with the run's duration in
-- seconds (duration_seconds): Parquet's INTERVAL type is not read by Spark or pyarrow.
-- partition: month = the year and month the run started (YYYY-MM).
with

final as (
    select
        * exclude (duration),
        epoch(duration) as duration_seconds,
        strftime(started_at, '%Y-%m') as month
    from runs
)

select * from final
