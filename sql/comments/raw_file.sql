-- The data dictionary of raw_file: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table raw_file is 'One row per distinct content of a loaded file: its exact bytes, so that a backfill re-derives everything without the landing folder. Key: sha256.';
comment on column raw_file.sha256 is 'Key. sha256 of the content, 64 hex characters (-> file_manifest.sha256).';
comment on column raw_file.size_bytes is 'Bytes.';
comment on column raw_file.content is 'The file''s bytes, as read (BLOB).';
