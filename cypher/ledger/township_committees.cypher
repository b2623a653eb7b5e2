// Default responsibility per township (spec ledger.md, "Default responsibility"), read once per recorded
// check rather than once per finding: the township's party committee (党委; the first by code) and its
// secretary on $as_of (the first by person id; none when the post is vacant). A village or household
// finding created by the check takes the figures of its village's township (ledger/upsert_findings).
MATCH (t:Township)
CALL (t) {
  OPTIONAL MATCH (t)<-[:LOCATED_IN]-(c:PartyOrg)
  WHERE c.kind = '党委'
  WITH c ORDER BY c.code LIMIT 1
  OPTIONAL MATCH (c)<-[post:HOLDS_POST]-(s:Person)
  WHERE post.is_secretary AND (post.start IS NULL OR post.start <= $as_of) AND (post.end IS NULL OR post.end >= $as_of)
  WITH c, s ORDER BY s.person_id LIMIT 1
  RETURN c.code AS committee, s.person_id AS secretary
}
RETURN t.code AS township, committee, secretary
