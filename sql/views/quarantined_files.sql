-- quarantined_files: one row per quarantined file version, with its reason and its copy.
create or replace view quarantined_files as
with

final as (
    select
        q.file_name,
        q.reason,
        q.run_id,
        m.seen_at,
        q.stage,
        m.path,
        m.sha256,
        q.quarantine_path,
        q.file_version_key
    from quarantine as q
    inner join file_manifest as m on q.file_version_key = m.file_version_key
)

select * from final
