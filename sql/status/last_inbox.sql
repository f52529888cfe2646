-- The landing folder of the most recent run that recorded one (a backfill records none).
select inbox
from run
where inbox is not null
order by started_at desc
limit 1
