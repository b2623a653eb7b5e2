// Villages ranked by their help-pair coverage at $as_of, lowest first (villages with households only).
MATCH (v:Village)<-[lv:LIVES_IN]-(h:Household)
WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
WITH v, count(h) AS in_scope,
     count(CASE WHEN EXISTS { MATCH (h)<-[hp:HELPS]-(:Person)
                              WHERE (hp.start IS NULL OR hp.start <= $as_of) AND (hp.end IS NULL OR hp.end >= $as_of) }
                THEN 1 END) AS covered
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN v.code AS code, v.name AS name, t.name AS township, in_scope, covered,
       toFloat(covered) / in_scope AS coverage
ORDER BY coverage, in_scope DESC, code
LIMIT $limit
