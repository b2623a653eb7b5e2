// A confirmed help relation between a person and a household becomes the ordinary HELPS pair (no start
// date), unless the roster already pairs them.
MATCH (p:Person) WHERE elementId(p) = $helper
MATCH (h:Household) WHERE elementId(h) = $helped
OPTIONAL MATCH (p)-[old:HELPS]->(h)
WITH p, h, count(old) AS existing
FOREACH (_ IN CASE WHEN existing = 0 THEN [1] ELSE [] END |
  CREATE (p)-[:HELPS {start_key: '', source_fact: $fact_id}]->(h))
RETURN existing
