-- `dateline quarantine retry`: the quarantined files it may retry, with the inbox of the run that
-- quarantined each (the retry reads the file from that landing folder).
select
    path,
    file_name,
    reason,
    run_id,
    inbox
from quarantine_current
order by seen_at desc, path asc
