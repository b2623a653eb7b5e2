// Villages with the most open findings (their own and their households'), within $region (null: all).
MATCH (f:Finding)
WHERE f.status IN ['待整改', '整改中'] AND f.village_code IS NOT NULL
  AND ($region IS NULL OR EXISTS { MATCH (:Region {code: f.village_code})-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH f.village_code AS code, count(*) AS open, collect(DISTINCT f.rule) AS rules
MATCH (v:Village {code: code})
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN code, v.name AS village, t.name AS township, open, rules
ORDER BY open DESC, code
LIMIT $limit
