-- validation_result: one row per expectation evaluated in a run.
-- key: (run_id, suite, expectation_index)
create table if not exists validation_result (
    run_id varchar not null,
    suite varchar not null,
    asset varchar not null,
    expectation_index integer not null,
    expectation_type varchar not null,
    column_name varchar,
    kwargs_json varchar,
    success boolean not null,
    element_count bigint,
    unexpected_count bigint,
    observed_value_json varchar
);
