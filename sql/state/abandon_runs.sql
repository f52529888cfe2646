-- A run still marked running when a new run takes the warehouse was killed: say so.
update run set
    status = 'abandoned',
    error = coalesce(error, 'the run stopped before it finished (killed or crashed)')
where status = 'running'
