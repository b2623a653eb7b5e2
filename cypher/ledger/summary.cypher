// The ledger's key figures on $as_of within $region (null: all): open findings, those past due on
// $as_of, waived ones, open ones whose due date was extended (延期), and what the recorded check
// $run_id found new and closed.
MATCH (f:Finding)
WHERE $region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) })
RETURN sum(CASE WHEN f.status IN ['待整改', '整改中'] THEN 1 ELSE 0 END) AS open,
       sum(CASE WHEN f.status IN ['待整改', '整改中'] AND f.due < $as_of THEN 1 ELSE 0 END) AS overdue,
       sum(CASE WHEN f.created_run = $run_id THEN 1 ELSE 0 END) AS new,
       sum(CASE WHEN f.resolved_by_run = $run_id THEN 1 ELSE 0 END) AS closed,
       sum(CASE WHEN f.reopened_run = $run_id THEN 1 ELSE 0 END) AS reopened,
       sum(CASE WHEN f.status = '已豁免' THEN 1 ELSE 0 END) AS waived,
       sum(CASE WHEN f.status IN ['待整改', '整改中'] AND f.extensions > 0 THEN 1 ELSE 0 END) AS extended
