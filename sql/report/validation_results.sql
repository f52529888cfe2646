-- Every expectation a run evaluated, in suite order, for the run's validation page.
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
from validation_result
order by run_id, suite, expectation_index
