-- The data dictionary of dim_article: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_article is 'One row per article version: a file name''s content as loaded (a file arriving again under the same name with other text is version n+1). Key: article_version_key; (file_name, version_no) unique. Lineage: file_manifest (file_version_key) and raw_file (sha256) -> dim_article -> fact_*.';
comment on column dim_article.article_version_key is 'Key. ''<article_id>-v<version_no>''.';
comment on column dim_article.article_id is 'The file name without .txt: NNN_HHHHHHHHHHHHHHHH, the article''s identity.';
comment on column dim_article.file_name is 'The file name, NNN_HHHHHHHHHHHHHHHH.txt.';
comment on column dim_article.seq_no is 'The sequence number NNN of the file name, as an integer (3 digits in the samples, 5 in the Reuters corpus).';
comment on column dim_article.source_id is 'The 16 hex characters HHHHHHHHHHHHHHHH of the file name: an opaque source id, not a hash of the content.';
comment on column dim_article.version_no is '1 for the first content seen under this name, then 2, 3, ...';
comment on column dim_article.title is 'The headline (a short first paragraph without a final stop), else the lead''s first sentence.';
comment on column dim_article.body is 'The text after the ` date YYYY-MM-DD ` header: BOM, CRs and trailing whitespace removed. Entity offsets index into it.';
comment on column dim_article.text_sha256 is 'sha256 of body (UTF-8): the same text under another name is a duplicate.';
comment on column dim_article.sha256 is 'sha256 of the file''s bytes (-> raw_file.sha256).';
comment on column dim_article.file_version_key is 'The file version it was loaded from (-> file_manifest.file_version_key).';
comment on column dim_article.run_id is 'The run that loaded it (-> run.run_id: the Prefect flow run id).';
comment on column dim_article.loaded_at is 'UTC. When it was loaded (a backfill keeps it).';
comment on column dim_article.parser_version is 'The version of the parsing rules that made the row.';
