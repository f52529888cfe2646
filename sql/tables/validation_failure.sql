-- validation_failure: one row per row that failed an expectation: which file failed what, in which run.
-- key: (run_id, suite, expectation_type, column_name, failed_id)
create table if not exists validation_failure (
    run_id varchar not null,
    suite varchar not null,
    expectation_type varchar not null,
    column_name varchar,
    failed_id varchar not null,
    file_name varchar,
    failed_value varchar              -- the failing value as text (cut to 80 characters); null: the value was null
);
