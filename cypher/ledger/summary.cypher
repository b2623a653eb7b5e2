// The overview's ledger figures: open findings, those past due on $today, and what the latest recorded
// check ($run_id) found new and closed.
MATCH (f:Finding)
RETURN sum(CASE WHEN f.status IN ['待整改', '整改中'] THEN 1 ELSE 0 END) AS open,
       sum(CASE WHEN f.status IN ['待整改', '整改中'] AND f.due < $today THEN 1 ELSE 0 END) AS overdue,
       sum(CASE WHEN f.created_run = $run_id THEN 1 ELSE 0 END) AS new,
       sum(CASE WHEN f.resolved_by_run = $run_id THEN 1 ELSE 0 END) AS closed,
       sum(CASE WHEN f.status = '已豁免' THEN 1 ELSE 0 END) AS waived
