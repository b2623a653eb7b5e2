// The bulletin's figures per township within $region (null: all): findings open on $as_of, those past
// due, what the recorded check $run_id found new and closed; and who answers for a township's findings
// by default (ledger.md, "Default responsibility"): its party committee (党委; the first by code) and
// the committee's secretary on $as_of. Findings about people with no township come under code null.
MATCH (f:Finding)
WHERE $region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH f.township_code AS code,
     sum(CASE WHEN f.status IN ['待整改', '整改中'] THEN 1 ELSE 0 END) AS open,
     sum(CASE WHEN f.status IN ['待整改', '整改中'] AND f.due < $as_of THEN 1 ELSE 0 END) AS overdue,
     sum(CASE WHEN f.created_run = $run_id THEN 1 ELSE 0 END) AS new,
     sum(CASE WHEN f.resolved_by_run = $run_id THEN 1 ELSE 0 END) AS closed
OPTIONAL MATCH (t:Township {code: code})
CALL (t) {
  OPTIONAL MATCH (t)<-[:LOCATED_IN]-(c:PartyOrg)
  WHERE c.kind = '党委'
  WITH c ORDER BY c.code LIMIT 1
  OPTIONAL MATCH (c)<-[post:HOLDS_POST]-(s:Person)
  WHERE post.is_secretary AND (post.start IS NULL OR post.start <= $as_of) AND (post.end IS NULL OR post.end >= $as_of)
  WITH c, s ORDER BY s.person_id LIMIT 1
  RETURN c.name AS committee, s.name AS secretary
}
RETURN code, t.name AS township, open, overdue, new, closed, committee, secretary
ORDER BY coalesce(code, '~')
