-- Post-load contract of file_manifest: keys, allowed outcomes, reasons present where required.
-- Scope: the file versions this load decided on (check_files).
with

final as (
    select
        m.file_version_key,
        m.file_name,
        m.outcome,
        m.outcome <> 'loaded' and coalesce(m.reason, '') = '' as missing_reason,
        r.run_id as run__run_id,
        case when m.outcome = 'duplicate' then a.article_version_key else 'n/a' end
            as duplicate__article_version_key
    from file_manifest as m
    left join run as r on m.run_id = r.run_id
    left join dim_article as a on m.article_version_key = a.article_version_key
    where m.file_version_key in (select file_version_key from check_files)
)

select * from final
