-- The data dictionary of quarantine: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table quarantine is 'One row per quarantined file version, with its reason and where its copy went. Key: file_version_key (-> file_manifest).';
comment on column quarantine.file_version_key is 'Key. -> file_manifest.file_version_key.';
comment on column quarantine.run_id is 'The run that quarantined it (-> run.run_id: the Prefect flow run id).';
comment on column quarantine.file_name is 'The file name.';
comment on column quarantine.stage is 'parse (bad format) or validate (failed the pre-load suite parsed_articles.critical).';
comment on column quarantine.reason is 'Why, word for word as the stage said it.';
comment on column quarantine.quarantine_path is 'The copy under the quarantine folder (<quarantine>/<run_id>/<file>); null if it could not be copied.';
comment on column quarantine.quarantined_at is 'UTC. When it was quarantined.';
