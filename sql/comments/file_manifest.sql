-- The data dictionary of file_manifest: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table file_manifest is 'One row per file version seen: a path whose content is seen for the first time, or again after it changed. Append-only. Key: file_version_key. Lineage: landing-folder file -> file_manifest -> dim_article.';
comment on column file_manifest.file_version_key is 'Key. md5(run_id, path): a file version is identified by the run that first saw it at that path.';
comment on column file_manifest.run_id is 'The run that saw this version (-> run.run_id: the Prefect flow run id).';
comment on column file_manifest.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt for a well-formed one.';
comment on column file_manifest.path is 'The file''s path as the run listed it (below its landing folder).';
comment on column file_manifest.size_bytes is 'Bytes.';
comment on column file_manifest.mtime_ns is 'The file''s modification time, nanoseconds since the Unix epoch.';
comment on column file_manifest.sha256 is 'sha256 of the bytes read, 64 hex characters (-> raw_file.sha256 when loaded).';
comment on column file_manifest.seen_at is 'UTC. When the run read it.';
comment on column file_manifest.outcome is 'loaded, duplicate or quarantined.';
comment on column file_manifest.reason is 'Why it is a duplicate or quarantined; for a loaded file, the warnings (a BOM removed, CR line endings converted); null when none.';
comment on column file_manifest.article_version_key is 'loaded: the article version it made; duplicate: the version it repeats (-> dim_article); null when quarantined.';
