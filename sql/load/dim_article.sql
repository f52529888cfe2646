insert into dim_article
select
    article_version_key,
    article_id,
    file_name,
    seq_no,
    source_id,
    version_no,
    title,
    body,
    text_sha256,
    sha256,
    file_version_key,
    run_id,
    loaded_at,
    parser_version
from stg_article
