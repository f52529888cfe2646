-- The current (latest) version of the articles a batch may repeat or version: those named like
-- a candidate (stg_candidates: file_name, text_sha256), and those whose versions ever held a
-- candidate's text. For deduplication and versioning; the cost follows the batch.
with

candidates as (
    select
        file_name,
        text_sha256
    from stg_candidates
),

names as (
    select file_name from candidates
    union
    select a.file_name from dim_article as a
    where a.text_sha256 in (select text_sha256 from candidates)
),

final as (
    select
        file_name,
        version_no,
        text_sha256,
        article_version_key
    from dim_article
    where file_name in (select file_name from names)
    qualify version_no = max(version_no) over (partition by file_name)
)

select * from final
