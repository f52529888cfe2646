insert into raw_file
select distinct on (sha256)
    sha256,
    size_bytes,
    content
from stg_raw
where sha256 not in (select sha256 from raw_file)
