-- The data dictionary of ingested_files: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view ingested_files is 'Analyst view. One row per file version seen, with its outcome (loaded, duplicate, quarantined). From file_manifest.';
comment on column ingested_files.file_name is 'The file name.';
comment on column ingested_files.path is 'The file''s path as the run listed it.';
comment on column ingested_files.size_bytes is 'Bytes.';
comment on column ingested_files.sha256 is 'sha256 of the bytes read.';
comment on column ingested_files.outcome is 'loaded, duplicate or quarantined.';
comment on column ingested_files.reason is 'Why duplicate or quarantined; warnings for a loaded file; null when none.';
comment on column ingested_files.run_id is 'The run that saw this version (-> runs.run_id).';
comment on column ingested_files.seen_at is 'UTC. When the run read it.';
comment on column ingested_files.article_version_key is 'loaded: the version it made; duplicate: the version it repeats.';
comment on column ingested_files.file_version_key is 'The file version (-> file_manifest.file_version_key).';
