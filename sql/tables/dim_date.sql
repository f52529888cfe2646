-- dim_date: one row per calendar day from the earliest to the latest article date.
-- key: date_key (yyyymmdd)
create table if not exists dim_date (
    date_key integer not null,
    date date not null,
    year smallint not null,
    quarter tinyint not null,
    month tinyint not null,
    month_name varchar not null,
    day_of_month tinyint not null,
    iso_year smallint not null,
    iso_week tinyint not null,
    week_start date not null,          -- the Monday of the ISO week
    day_of_week tinyint not null,      -- ISO: Monday = 1
    day_name varchar not null,
    is_weekend boolean not null
);
