-- quarantine: one row per quarantined file version, with where its copy went.
-- key: file_version_key (-> file_manifest)
create table if not exists quarantine (
    file_version_key varchar not null,
    run_id varchar not null,
    file_name varchar not null,
    stage varchar not null,            -- parse | validate
    reason varchar not null,
    quarantine_path varchar,
    quarantined_at timestamp not null
);
