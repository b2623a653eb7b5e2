// How many findings the filters of ledger/list give, and where its pages of $per_page begin: `edges`
// holds the last sort key of every full page (edges[n - 2] is the `after` of page n), so that a page
// asked for by its number is read from the index after its edge, as the pager's links are, instead of
// counting the findings in front of it. One walk over the findings between $low and $high (the sort
// keys the filters allow: a township's stretch of the index, or all).
MATCH (f:Finding)
WHERE f.sort_key > $low AND f.sort_key < $high
  AND ($statuses IS NULL OR f.status IN $statuses)
  AND ($rules IS NULL OR f.rule IN $rules)
  AND ($township IS NULL OR f.township_code = $township)
  AND (NOT $overdue OR (f.status IN ['待整改', '整改中'] AND f.due < $today))
  AND ($region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) }))
WITH f.sort_key AS key ORDER BY key
WITH collect(key) AS keys
RETURN size(keys) AS total, [i IN range($per_page, size(keys) - 1, $per_page) | keys[i - 1]] AS edges
