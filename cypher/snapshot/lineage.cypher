// A region and the regions above it (code, name, level), nearest first.
MATCH p = (:Region {code: $code})-[:PART_OF*0..2]->(:Region)
WITH p ORDER BY length(p) DESC LIMIT 1
UNWIND nodes(p) AS r
RETURN r.code AS code, r.name AS name, r.level AS level
