-- The taxonomy is reference data: replace it with the current seeds/themes.csv.
delete from dim_theme;
insert into dim_theme
select
    theme,
    label,
    category,
    keyword_count
from stg_theme
