insert into quarantine
select
    file_version_key,
    run_id,
    file_name,
    stage,
    reason,
    quarantine_path,
    quarantined_at
from stg_quarantine
