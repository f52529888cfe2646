-- Post-load contract of dim_country.
select
    iso3,
    iso2,
    name,
    is_historical
from dim_country
