-- Inside the load transaction, once the post-load suites passed: the run's data commits together
-- with its status, so a run killed after the commit but before its bookkeeping is `succeeded`.
update run set
    status = 'succeeded'
where run_id = $run_id
