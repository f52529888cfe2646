-- schema_version: one row per migration applied to this warehouse (sql/migrations/NNN_name.sql).
-- key: version. A new warehouse gets one row, 'new warehouse', at the latest version: it was created
-- in the current shape. A warehouse without this table was built by release 0.1.0 (version 0).
create table if not exists schema_version (
    version integer not null,
    name varchar not null,
    applied_at timestamp not null      -- UTC
);
