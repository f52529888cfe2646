-- A run still marked running when a new run takes the warehouse was killed: say so.
-- A run that committed its data (status succeeded) but never finished its bookkeeping keeps its
-- status, with a note.
update run set
    status = case when status = 'running' then 'abandoned' else status end,
    error = coalesce(
        error,
        case
            when status = 'running' then 'the run stopped before it finished (killed or crashed)'
            else 'the run loaded its data, then stopped before its reports were finished (killed or crashed)'
        end
    )
where status = 'running' or (status = 'succeeded' and finished_at is null)
