// A confirmed person–post becomes the ordinary HOLDS_POST relationship. When the roster already has the
// same post between the two (with its dates), that one is kept and nothing is added; otherwise a new one
// with no start date (start_key '', as the roster loader writes an open start) and the fact it came from.
MATCH (p:Person) WHERE elementId(p) = $person
MATCH (o:Organization) WHERE elementId(o) = $organization
OPTIONAL MATCH (p)-[old:HOLDS_POST {title: $title}]->(o)
WITH p, o, count(old) AS existing
FOREACH (_ IN CASE WHEN existing = 0 THEN [1] ELSE [] END |
  CREATE (p)-[:HOLDS_POST {title: $title, start_key: '', is_secretary: $is_secretary, source_fact: $fact_id}]->(o))
RETURN existing
