-- run: one row per flow run (a scheduled, manual or backfill run).
-- flow_name: dateline-ingest or dateline-backfill; a backfill records the date range it re-derived.
-- key: run_id (the Prefect flow run id)
create table if not exists run (
    run_id varchar not null,
    flow_name varchar not null,
    logical_date timestamp,        -- UTC: the schedule slot a scheduled run is for; a manual run: when it was created
    started_at timestamp not null,          -- UTC
    finished_at timestamp,
    status varchar not null,           -- running | succeeded | failed | nothing_new | interrupted | abandoned
    inbox varchar,
    files_seen integer,
    files_new integer,
    files_loaded integer,
    files_duplicate integer,
    files_quarantined integer,
    files_pending integer,
    validation_success boolean,
    report_path varchar,
    error varchar,
    parser_version varchar,
    stage_seconds_json varchar,        -- seconds spent in each stage: discover, parse, validate, load, ...
    backfill_start date,               -- a backfill: first published date re-derived
    backfill_end date,                 -- a backfill: last published date re-derived (inclusive)
    articles_rederived integer         -- a backfill: article versions re-derived
);
