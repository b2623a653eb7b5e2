// 村责任落实档案: enterprises located in the village or linked to its households in scope at $as_of
// (read through a LIVES_IN active at $as_of), and what they do for those households: per year and
// mode, how many households and their added income.
// Parameters: $code (village code), $as_of (Date).
MATCH (v:Village {code: $code})
CALL (v) {
  MATCH (e:Enterprise)-[:LOCATED_IN]->(v)
  RETURN e
  UNION
  MATCH (e:Enterprise)-[:LIFTS]->(h:Household)-[l:LIVES_IN]->(v)
  WHERE h.status <> '已销户'
    AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  RETURN e
}
OPTIONAL MATCH (e)-[:LOCATED_IN]->(ev:Village)
CALL (e, v) {
  MATCH (e)-[k:LIFTS]->(h:Household)-[l:LIVES_IN]->(v)
  WHERE h.status <> '已销户'
    AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  WITH k.year AS year, k.mode AS mode, count(DISTINCT h) AS households, sum(k.annual_income) AS income
  ORDER BY year DESC, mode
  RETURN collect({year: year, mode: mode, households: households, income: income}) AS links
}
RETURN e {.enterprise_id, .name, .kind} AS enterprise, ev {.code, .name} AS located, links
ORDER BY enterprise.enterprise_id
