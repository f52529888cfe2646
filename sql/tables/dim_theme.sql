-- dim_theme: one row per theme of the taxonomy in seeds/themes.csv.
-- key: theme (an UPPER_SNAKE code, as GDELT's GKG themes)
create table if not exists dim_theme (
    theme varchar not null,
    label varchar not null,
    category varchar not null,
    keyword_count integer not null
);
