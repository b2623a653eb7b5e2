// 村责任落实档案: who answers for the village at $as_of, one row per assignment or secretary post:
// every active ASSIGNED_TO (person roles and the contracting unit) and every active secretary post
// in a party branch that governs the village (role '村党组织书记').
// A person's dispatching unit is the assignment's unit_code (派出单位); their work unit is given too.
// Parameters: $code (village code), $as_of (Date).
MATCH (v:Village {code: $code})
CALL (v) {
  MATCH (v)<-[a:ASSIGNED_TO]-(x)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  OPTIONAL MATCH (d:Organization {code: a.unit_code})
  RETURN a.role AS role, x, d AS dispatching, null AS branch, null AS title, a.start AS start, a.end AS end
  UNION ALL
  MATCH (v)<-[:GOVERNS]-(b:PartyOrg)<-[s:HOLDS_POST]-(x:Person)
  WHERE s.is_secretary AND (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of)
  RETURN '村党组织书记' AS role, x, null AS dispatching, b AS branch, s.title AS title, s.start AS start,
         s.end AS end
}
OPTIONAL MATCH (x:Person)-[:WORKS_AT]->(w:Organization)
RETURN role, x:Unit AS is_unit,
       x {.person_id, .name, .rank, .political_status, .code, .kind} AS who,
       dispatching {.code, .name} AS dispatching, w {.code, .name} AS works_at,
       branch {.code, .name} AS branch, title, start, end
ORDER BY role, coalesce(start, date('0001-01-01')), coalesce(who.person_id, who.code)
