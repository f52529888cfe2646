-- raw_file: one row per distinct content (sha256) of a loaded file version:
-- the exact bytes, so that a backfill re-derives everything without the landing folder.
-- key: sha256
create table if not exists raw_file (
    sha256 varchar not null,
    size_bytes bigint not null,
    content blob not null
);
