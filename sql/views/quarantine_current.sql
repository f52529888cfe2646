-- quarantine_current: one row per path whose latest file version was quarantined, newest first:
-- the files still waiting for a fix. A path leaves it when a later version of it loads or
-- turns out a duplicate (a normal run after an edit, or `dateline quarantine retry`).
create or replace view quarantine_current as
with

latest_version as (
    select
        path,
        file_version_key,
        outcome
    from file_manifest
    qualify row_number() over (partition by path order by seen_at desc, file_version_key desc) = 1
),

final as (
    select
        q.file_name,
        q.reason,
        q.stage,
        q.run_id,
        q.seen_at,
        q.path,
        q.quarantine_path,
        q.sha256,
        r.inbox,
        q.file_version_key
    from latest_version as l
    inner join quarantined_files as q on l.file_version_key = q.file_version_key
    left join run as r on q.run_id = r.run_id
    where l.outcome = 'quarantined'
)

select * from final
order by seen_at desc, path asc
