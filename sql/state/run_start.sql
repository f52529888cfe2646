insert into run (
    run_id, flow_name, logical_date, started_at, status, inbox, parser_version, backfill_start, backfill_end
)
values (
    $run_id, $flow_name, $logical_date, $started_at, 'running', $inbox, $parser_version, $backfill_start, $backfill_end
)
