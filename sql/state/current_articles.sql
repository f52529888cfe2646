-- The current (latest) version of every article, for deduplication and versioning.
select
    file_name,
    version_no,
    text_sha256,
    article_version_key
from dim_article
qualify version_no = max(version_no) over (partition by file_name)
