update run set
    finished_at = $finished_at,
    status = $status,
    files_seen = $files_seen,
    files_new = $files_new,
    files_loaded = $files_loaded,
    files_duplicate = $files_duplicate,
    files_quarantined = $files_quarantined,
    files_pending = $files_pending,
    articles_rederived = $articles_rederived,
    validation_success = $validation_success,
    report_path = $report_path,
    error = $error,
    stage_seconds_json = $stage_seconds_json
where run_id = $run_id
