// Every recorded check, oldest first (the overview's chart, the bulletin's comparison).
MATCH (r:CheckRun)
RETURN r.run_id AS run_id, r.as_of AS as_of, r.recorded_at AS recorded_at, r.user AS user, r.scope AS scope,
       r.load_id AS load_id, r.summary AS summary, r.coverage AS coverage, r.open_findings AS open_findings,
       r.new_findings AS new_findings, r.closed_findings AS closed_findings, r.reopened_findings AS reopened_findings
ORDER BY as_of, recorded_at
