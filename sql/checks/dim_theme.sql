-- Post-load contract of dim_theme.
select
    theme,
    label,
    category,
    keyword_count
from dim_theme
