-- The data dictionary of quarantine_current: COMMENT ON the view and each column (warehouse.apply_comments).
comment on view quarantine_current is 'Analyst view. One row per path whose latest file version was quarantined, newest first: the files still waiting for a fix (dateline quarantine list).';
comment on column quarantine_current.file_name is 'The file name.';
comment on column quarantine_current.reason is 'Why it was quarantined.';
comment on column quarantine_current.stage is 'parse or validate.';
comment on column quarantine_current.run_id is 'The run that quarantined it (-> runs.run_id).';
comment on column quarantine_current.seen_at is 'UTC. When the run read it.';
comment on column quarantine_current.path is 'The file''s path in the landing folder: fix it there.';
comment on column quarantine_current.quarantine_path is 'Its copy under the quarantine folder.';
comment on column quarantine_current.sha256 is 'sha256 of the bytes read.';
comment on column quarantine_current.inbox is 'The landing folder of the run that quarantined it.';
comment on column quarantine_current.file_version_key is 'The file version (-> file_manifest.file_version_key).';
