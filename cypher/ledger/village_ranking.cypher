// 问题最多的村: villages ranked by their open findings (their own and their households'), within
// $region (null: all), with how many of them are errors (severity 'error') and past due on $as_of.
// Ties: more errors first, then more overdue, then the village code.
MATCH (f:Finding)
WHERE f.status IN ['待整改', '整改中'] AND f.village_code IS NOT NULL
  AND ($region IS NULL OR EXISTS { MATCH (:Region {code: f.village_code})-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH f.village_code AS code, count(*) AS open,
     sum(CASE WHEN f.severity = 'error' THEN 1 ELSE 0 END) AS errors,
     sum(CASE WHEN f.due < $as_of THEN 1 ELSE 0 END) AS overdue, collect(DISTINCT f.rule) AS rules
MATCH (v:Village {code: code})
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN code, v.name AS village, t.code AS township_code, t.name AS township, open, errors, overdue, rules
ORDER BY open DESC, errors DESC, overdue DESC, code
LIMIT $limit
