-- The data dictionary of validation_result: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table validation_result is 'One row per expectation evaluated in a run: the Great Expectations results of every suite (expectations/<asset>/critical.json). Key: (run_id, suite, expectation_index).';
comment on column validation_result.run_id is 'The run that evaluated it (-> run.run_id: the Prefect flow run id).';
comment on column validation_result.suite is 'The GX suite, <asset>.critical (parsed_articles.critical runs before the load, the others after it).';
comment on column validation_result.asset is 'What the suite checked: parsed_articles (the parsed batch) or the check query sql/checks/<asset>.sql.';
comment on column validation_result.expectation_index is 'Position of the expectation in its suite, from 0.';
comment on column validation_result.expectation_type is 'The GX expectation, e.g. expect_column_values_to_be_unique.';
comment on column validation_result.column_name is 'The column it checks; null for a table-level expectation.';
comment on column validation_result.kwargs_json is 'JSON object: the expectation''s parameters (column, min_value, regex, ...).';
comment on column validation_result.success is 'True when the expectation held.';
comment on column validation_result.element_count is 'Rows checked.';
comment on column validation_result.unexpected_count is 'Rows that failed it; null for an expectation with no per-row result.';
comment on column validation_result.observed_value_json is 'JSON: the value GX observed (an aggregate expectation), or null.';
