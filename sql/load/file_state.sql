-- Upsert the stat cache for every path this run read.
delete from file_state
where path in (select path from stg_file_state);
insert into file_state
select
    path,
    size_bytes,
    mtime_ns,
    sha256,
    checked_at
from stg_file_state
