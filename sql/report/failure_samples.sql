-- A sample of the failing rows of each failed expectation: at most $sample per run, suite,
-- expectation and column, with the failing value and the file it came from.
with

numbered as (
    select
        run_id,
        suite,
        expectation_type,
        column_name,
        failed_id,
        failed_value,
        file_name,
        row_number() over (
            partition by run_id, suite, expectation_type, column_name
            order by file_name, failed_id
        ) as sample_no
    from validation_failure
),

final as (
    select * from numbered
    where sample_no <= $sample
)

select * from final
order by run_id, suite, expectation_type, column_name, sample_no
