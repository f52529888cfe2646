-- A failed id is a file version (pre-load suite) or an article version (post-load suites).
insert into validation_failure
select
    f.run_id,
    f.suite,
    f.expectation_type,
    f.column_name,
    f.failed_id,
    coalesce(cast(f.file_name as varchar), a.file_name) as file_name,
    cast(f.failed_value as varchar) as failed_value
from stg_validation_failure as f
left join dim_article as a on f.failed_id = a.article_version_key
