-- The score of the evidence that a story is about a country (issue 13).
alter table fact_article_country add column if not exists score double;
