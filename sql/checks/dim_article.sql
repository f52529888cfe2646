-- Post-load contract of dim_article: keys unique and not null, lineage resolves.
-- Scope: the rows of the article versions this load wrote (check_articles), with every row sharing their keys.
with raw as (select sha256 from raw_file),

final as (
    select
        a.article_version_key,
        a.file_name || '#' || a.version_no as natural_key,
        a.file_name,
        a.version_no,
        a.title,
        length(a.body) as body_length,
        r.run_id as run__run_id,
        m.file_version_key as file_manifest__file_version_key,
        raw.sha256 as raw_file__sha256
    from dim_article as a
    left join run as r on a.run_id = r.run_id
    left join file_manifest as m on a.file_version_key = m.file_version_key
    left join raw on a.sha256 = raw.sha256
    where a.article_version_key in (select article_version_key from check_articles)
)

select * from final
