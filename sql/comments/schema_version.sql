-- The data dictionary of schema_version: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table schema_version is 'One row per migration applied to this warehouse (sql/migrations/NNN_name.sql); a new warehouse gets one row, ''new warehouse'', at the latest version. Key: version.';
comment on column schema_version.version is 'Key. The migration number (NNN).';
comment on column schema_version.name is 'The migration''s file name without .sql, or ''new warehouse''.';
comment on column schema_version.applied_at is 'UTC. When it was applied.';
