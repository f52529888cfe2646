-- Add the ISO 3166 countries (from pycountry) the warehouse does not have yet.
insert into dim_country
select
    iso3,
    iso2,
    name,
    official_name,
    is_historical
from stg_country
where iso3 not in (select iso3 from dim_country)
