// Names from the county down to this region.
MATCH (n:Region {code: $code})
OPTIONAL MATCH p = (n)-[:PART_OF*0..2]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
WITH n, p ORDER BY length(p) DESC LIMIT 1
RETURN [x IN reverse(nodes(p)) | {code: x.code, name: x.name, level: x.level}] AS path
