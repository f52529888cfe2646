-- runs: one row per flow run (ingest or backfill), newest first: when, how long, what it did,
-- how validation went: `validation` is passed, failed (a suite failed, a pre-load suite that
-- quarantined files included) or not run (no expectation was evaluated).
create or replace view runs as
with

final as (
    select
        run_id,
        flow_name,
        logical_date,
        started_at,
        finished_at,
        finished_at - started_at as duration,
        status,
        files_seen,
        files_new,
        files_loaded,
        files_duplicate,
        files_quarantined,
        files_pending,
        validation_success,
        case
            when validation_success then 'passed'
            when not validation_success then 'failed'
            else 'not run'
        end as validation,              -- passed | failed | not run (no expectation evaluated)
        backfill_start,
        backfill_end,
        articles_rederived,
        error,
        report_path
    from run
)

select * from final
order by started_at desc
