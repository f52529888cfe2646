-- `dateline quarantine list`: the files quarantined now (their path's latest version), newest first.
select
    file_name,
    reason,
    stage,
    run_id,
    seen_at,
    path,
    quarantine_path
from quarantine_current
order by seen_at desc, path asc
