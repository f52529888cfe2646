-- The article versions a backfill re-derives: every version (current or not) published
-- between $start_key and $end_key (date keys, inclusive), with the exact bytes it was parsed
-- from (raw_file) and the file version it came from (file_manifest).
select
    a.article_version_key,
    a.article_id,
    a.version_no,
    a.file_version_key,
    a.run_id,
    a.loaded_at,
    m.path,
    a.file_name,
    m.size_bytes,
    m.mtime_ns,
    a.sha256,
    r.content
from dim_article as a
inner join fact_article as f on a.article_version_key = f.article_version_key
inner join file_manifest as m on a.file_version_key = m.file_version_key
inner join raw_file as r on a.sha256 = r.sha256
where f.date_key between $start_key and $end_key
order by a.article_version_key
