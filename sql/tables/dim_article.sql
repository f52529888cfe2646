-- dim_article: one row per article version (a file name's content as loaded).
-- key: article_version_key = '<article_id>-v<version_no>'; (file_name, version_no) unique.
-- lineage: run_id -> run, file_version_key -> file_manifest, sha256 -> raw_file.
create table if not exists dim_article (
    article_version_key varchar not null,
    article_id varchar not null,       -- the file name without .txt: NNN_HHHHHHHHHHHHHHHH
    file_name varchar not null,
    seq_no bigint not null,
    source_id varchar not null,
    version_no integer not null,
    title varchar not null,
    body varchar not null,             -- the text after the ` date YYYY-MM-DD ` header
    text_sha256 varchar not null,
    sha256 varchar not null,
    file_version_key varchar not null,
    run_id varchar not null,
    loaded_at timestamp not null,          -- UTC
    parser_version varchar not null
);
