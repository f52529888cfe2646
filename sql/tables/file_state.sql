-- file_state: one row per path last seen in the landing folder (a stat cache).
-- key: path. Lets a run skip files whose size and mtime have not changed.
create table if not exists file_state (
    path varchar not null,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    sha256 varchar not null,
    checked_at timestamp not null
);
