// The counties the villages $codes belong to (to find a snapshot's default scope).
UNWIND $codes AS code
MATCH (:Village {code: code})-[:PART_OF*1..2]->(c:County)
RETURN DISTINCT c.code AS code
