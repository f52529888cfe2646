-- The data dictionary of validation_failure: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table validation_failure is 'One row per row that failed an expectation in a run: which file failed what. Key: (run_id, suite, expectation_type, column_name, failed_id).';
comment on column validation_failure.run_id is 'The run that found it (-> run.run_id: the Prefect flow run id).';
comment on column validation_failure.suite is 'The GX suite that failed (-> validation_result.suite).';
comment on column validation_failure.expectation_type is 'The expectation that failed.';
comment on column validation_failure.column_name is 'The column it checks.';
comment on column validation_failure.failed_id is 'The id of the failing row (the suite''s meta.id_column: a file_version_key or a table key).';
comment on column validation_failure.file_name is 'The file the failing row came from, where it is known.';
