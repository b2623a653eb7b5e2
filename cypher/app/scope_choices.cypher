// Counties and townships, for the snapshot scope of the upload form (code, name, level).
MATCH (r:Region) WHERE r.level IN ['县区', '乡镇']
OPTIONAL MATCH (r)-[:PART_OF]->(c:County)
RETURN r.code AS code, r.name AS name, r.level AS level, c.name AS county
ORDER BY code
