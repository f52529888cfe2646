-- ingested_files: one row per file version seen, with its outcome.
create or replace view ingested_files as
with

final as (
    select
        file_name,
        path,
        size_bytes,
        sha256,
        outcome,
        reason,
        run_id,
        seen_at,
        article_version_key,
        file_version_key
    from file_manifest
)

select * from final
