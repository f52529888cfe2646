-- The last $runs runs for `dateline status`, newest first. A backfill has no file counts;
-- its note says what it re-derived.
select
    started_at,
    finished_at,
    duration,
    flow_name,
    status,
    case when flow_name <> 'dateline-backfill' then files_new end as files_new,
    case when flow_name <> 'dateline-backfill' then files_loaded end as files_loaded,
    case when flow_name <> 'dateline-backfill' then files_duplicate end as files_duplicate,
    case when flow_name <> 'dateline-backfill' then files_quarantined end as files_quarantined,
    validation_success,
    coalesce(
        error,
        case
            when flow_name = 'dateline-backfill' and status = 'succeeded'
                then articles_rederived || ' re-derived, '
                    || case
                        when backfill_start is null and backfill_end is null then 'all dates'
                        else coalesce(cast(backfill_start as varchar), 'first') || ' to '
                            || coalesce(cast(backfill_end as varchar), 'last')
                    end
        end
    ) as note
from runs
order by started_at desc
limit $runs
