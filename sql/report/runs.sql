-- The run report and the validation pages: one row per run, newest first, with its validation
-- and how many expectations it evaluated and failed.
with

evaluated as (
    select
        run_id,
        count(*) as expectations,
        count(*) filter (where not success) as expectations_failed
    from validation_result
    group by run_id
),

final as (
    select
        r.run_id,
        r.flow_name,
        r.started_at,
        r.finished_at,
        r.status,
        r.validation,
        r.files_new,
        r.files_loaded,
        r.files_duplicate,
        r.files_quarantined,
        r.error,
        coalesce(e.expectations, 0) as expectations,
        coalesce(e.expectations_failed, 0) as expectations_failed
    from runs as r
    left join evaluated as e on r.run_id = e.run_id
)

select * from final
order by started_at desc, run_id desc
