-- Remove every row derived from the re-derived article versions (stg_article), facts first;
-- the backfill inserts their new rows in the same transaction. Dimensions shared with other
-- articles (dates, countries, entities, themes) are left alone.
delete from fact_mention
where article_version_key in (select article_version_key from stg_article);
delete from fact_article_theme
where article_version_key in (select article_version_key from stg_article);
delete from fact_article_country
where article_version_key in (select article_version_key from stg_article);
delete from fact_article
where article_version_key in (select article_version_key from stg_article);
delete from dim_article
where article_version_key in (select article_version_key from stg_article);
