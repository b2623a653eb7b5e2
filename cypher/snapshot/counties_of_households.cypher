// The counties the households $ids live in (a snapshot of help pairs alone: its default scope).
UNWIND $ids AS id
MATCH (:Household {household_id: id})-[:LIVES_IN]->(:Village)-[:PART_OF*1..2]->(c:County)
RETURN DISTINCT c.code AS code
