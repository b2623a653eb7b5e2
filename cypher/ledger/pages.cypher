// How many findings the filters of ledger/list give (for its pages).
MATCH (f:Finding)
WHERE ($statuses IS NULL OR f.status IN $statuses)
  AND ($rules IS NULL OR f.rule IN $rules)
  AND ($township IS NULL OR f.township_code = $township)
  AND (NOT $overdue OR (f.status IN ['待整改', '整改中'] AND f.due < $today))
  AND ($region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) }))
RETURN count(f) AS total
