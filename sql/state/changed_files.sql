-- The listed files (stg_listing: path, size_bytes, mtime_ns) whose size or modification time
-- differ from what the last run saw at that path, with what it saw there (nulls for a path never
-- seen). The cost follows the listing; only the changed files come back.
select
    l.path,
    s.size_bytes,
    s.mtime_ns,
    s.sha256
from stg_listing as l
left join file_state as s on l.path = s.path
where s.path is null or s.size_bytes <> l.size_bytes or s.mtime_ns <> l.mtime_ns
