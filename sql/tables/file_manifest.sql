-- file_manifest: one row per file version seen: a path whose content is seen for
-- the first time, or again after it changed. Append-only.
-- key: file_version_key; outcome in (loaded, duplicate, quarantined).
create table if not exists file_manifest (
    file_version_key varchar not null,
    run_id varchar not null,
    file_name varchar not null,
    path varchar not null,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    sha256 varchar not null,
    seen_at timestamp not null,          -- UTC
    outcome varchar not null,
    reason varchar,                    -- why duplicate or quarantined; warnings for a load
    article_version_key varchar        -- loaded: the version made; duplicate: the version it repeats
);
