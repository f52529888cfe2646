-- Every quarantined file version: the run that quarantined it, its stage and its reason.
select
    run_id,
    file_name,
    stage,
    reason
from quarantined_files
order by run_id, file_name
