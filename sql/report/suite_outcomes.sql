-- Validation outcomes per suite: one row per run and suite, passed when every expectation passed.
with

final as (
    select
        run_id,
        suite,
        count(*) as expectations,
        count(*) filter (where not success) as expectations_failed,
        bool_and(success) as passed
    from validation_result
    group by run_id, suite
)

select * from final
order by suite, run_id
