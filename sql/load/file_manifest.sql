insert into file_manifest
select
    file_version_key,
    run_id,
    file_name,
    path,
    size_bytes,
    mtime_ns,
    sha256,
    seen_at,
    outcome,
    reason,
    article_version_key
from stg_manifest
