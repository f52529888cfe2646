-- The data dictionary of file_state: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table file_state is 'One row per path last seen in the landing folder: a stat cache that lets a run skip files whose size and mtime have not changed. Key: path.';
comment on column file_state.path is 'Key. The file''s path as listed.';
comment on column file_state.size_bytes is 'Bytes, when last seen.';
comment on column file_state.mtime_ns is 'Modification time when last seen, nanoseconds since the Unix epoch.';
comment on column file_state.sha256 is 'sha256 of the content when last read.';
comment on column file_state.checked_at is 'UTC. When a run last read it.';
