// A region confirmed from a report, under an existing parent (or a county at the top).
OPTIONAL MATCH (parent:Region {code: $parent_code})
CREATE (n:Region:Village {code: $key, name: $name, level: $level, created_fact: $fact_id})
FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END | CREATE (n)-[:PART_OF]->(parent))
RETURN elementId(n) AS eid
