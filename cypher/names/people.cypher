// People a user may mean by $text: the person with that id, everyone with exactly that name, and
// (when $like) names and pinyin containing $q (Searchable.search_text, lower-case), each with their work
// unit and current posts so that namesakes can be told apart. Exact matches first.
CALL () {
  MATCH (p:Person {person_id: $text}) RETURN p, 0 AS rank
  UNION
  MATCH (p:Person {name: $text}) RETURN p, 0 AS rank
  UNION
  MATCH (p:Person:Searchable) WHERE $like AND p.search_text CONTAINS $q RETURN p, 1 AS rank
}
WITH p, min(rank) AS rank
ORDER BY rank, p.name, p.person_id
LIMIT $limit
OPTIONAL MATCH (p)-[:WORKS_AT]->(u:Organization)
RETURN p.person_id AS key, p.name AS name, u.name AS unit, rank = 0 AS exact,
       COLLECT { MATCH (p)-[h:HOLDS_POST]->(o:Organization)
                 WHERE (h.start IS NULL OR h.start <= $today) AND (h.end IS NULL OR h.end >= $today)
                 RETURN o.name + h.title ORDER BY h.start DESC LIMIT 2 } AS posts
