insert into run (run_id, flow_name, logical_date, started_at, status, inbox, parser_version)
values ($run_id, $flow_name, $logical_date, $started_at, 'running', $inbox, $parser_version)
