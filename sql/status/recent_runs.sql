-- The last $runs runs for `dateline status`, newest first.
select
    started_at,
    finished_at,
    duration,
    flow_name,
    status,
    files_new,
    files_loaded,
    files_duplicate,
    files_quarantined,
    validation_success,
    error
from runs
order by started_at desc
limit $runs
