-- `dateline quarantine list --all`: every file version ever quarantined, newest first.
select
    file_name,
    reason,
    stage,
    run_id,
    seen_at,
    path,
    quarantine_path
from quarantined_files
order by seen_at desc, path asc
