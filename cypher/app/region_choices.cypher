// Every region for a form's region choice, grouped by township: the counties, then each township with
// its villages (two villages may share a name: the group says which township each is in).
MATCH (t:Township)
OPTIONAL MATCH (t)-[:PART_OF]->(c:County)
RETURN t.code AS code, t.name AS name, c.code AS county_code, c.name AS county,
       COLLECT { MATCH (v:Village)-[:PART_OF]->(t) RETURN v {.code, .name} ORDER BY v.code } AS villages
ORDER BY county_code, code
