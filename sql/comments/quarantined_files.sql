-- The data dictionary of quarantined_files: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view quarantined_files is 'Analyst view. One row per quarantined file version ever, with its reason and its copy. From quarantine + file_manifest.';
comment on column quarantined_files.file_name is 'The file name.';
comment on column quarantined_files.reason is 'Why it was quarantined.';
comment on column quarantined_files.run_id is 'The run that quarantined it (-> runs.run_id).';
comment on column quarantined_files.seen_at is 'UTC. When the run read it.';
comment on column quarantined_files.stage is 'parse or validate.';
comment on column quarantined_files.path is 'The file''s path in the landing folder.';
comment on column quarantined_files.sha256 is 'sha256 of the bytes read.';
comment on column quarantined_files.quarantine_path is 'Its copy under the quarantine folder; null if it could not be copied.';
comment on column quarantined_files.file_version_key is 'The file version (-> file_manifest.file_version_key).';
