-- The data dictionary of dim_date: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table dim_date is 'One row per calendar day from the earliest to the latest article date, without gaps. Key: date_key (yyyymmdd). Lineage: derived from the published dates of dim_article/fact_article.';
comment on column dim_date.date_key is 'Key. The date as the integer yyyymmdd.';
comment on column dim_date.date is 'The calendar day.';
comment on column dim_date.year is 'Calendar year.';
comment on column dim_date.quarter is 'Quarter of the year, 1 to 4.';
comment on column dim_date.month is 'Month, 1 to 12.';
comment on column dim_date.month_name is 'Month name in English, e.g. March.';
comment on column dim_date.day_of_month is 'Day of the month, 1 to 31.';
comment on column dim_date.iso_year is 'ISO 8601 week-numbering year.';
comment on column dim_date.iso_week is 'ISO 8601 week number, 1 to 53.';
comment on column dim_date.week_start is 'The Monday of the ISO week.';
comment on column dim_date.day_of_week is 'ISO day of the week: Monday = 1 to Sunday = 7.';
comment on column dim_date.day_name is 'Day name in English, e.g. Monday.';
comment on column dim_date.is_weekend is 'True on Saturday and Sunday.';
