insert into validation_result
select
    run_id,
    suite,
    asset,
    expectation_index,
    expectation_type,
    column_name,
    kwargs_json,
    success,
    element_count,
    unexpected_count,
    observed_value_json
from stg_validation_result
