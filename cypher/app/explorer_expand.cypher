// One node's neighbours along one relationship type and direction (the explorer's expand), the newest
// relationships first, at most $limit; nodes already on screen are still returned (their new edges).
MATCH (n) WHERE elementId(n) = $id
CALL (n) {
  MATCH (n)-[r]->(m) WHERE $outgoing AND type(r) = $type RETURN r, m
  UNION
  MATCH (n)<-[r]-(m) WHERE NOT $outgoing AND type(r) = $type RETURN r, m
}
WITH r, m WHERE NOT m:Load AND NOT m:Change
RETURN r, m
ORDER BY r.end IS NULL DESC, r.start DESC
LIMIT $limit
