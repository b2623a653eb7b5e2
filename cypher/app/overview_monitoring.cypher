// The overview's 防止返贫监测 figures at $as_of (shared/spec/monitoring.md), over the whole graph:
// households monitored at $as_of; clues waiting at $as_of (neither identified nor dismissed on or
// before it), the longest wait and how many waited more than $identify_days days; households identified
// and risks eliminated from $year_start to $as_of. `rows` says whether any monitoring row exists.
// Parameters: $as_of (Date), $year_start (Date), $identify_days (int).
CALL () { MATCH (m:Monitoring) RETURN count(m) AS rows }
CALL () {
  MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)
  WHERE m.identified_date <= $as_of AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
  RETURN count(DISTINCT h) AS monitored
}
CALL () {
  MATCH (m:Monitoring)
  WHERE m.clue_date <= $as_of
    AND (m.identified_date IS NULL OR m.identified_date > $as_of)
    AND (m.dismissed_date IS NULL OR m.dismissed_date > $as_of)
  WITH duration.inDays(m.clue_date, $as_of).days AS days
  RETURN count(*) AS waiting, max(days) AS longest_wait,
         sum(CASE WHEN days > $identify_days THEN 1 ELSE 0 END) AS overdue
}
CALL () {
  MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)
  WHERE $year_start <= m.identified_date <= $as_of
  RETURN count(DISTINCT h) AS identified
}
CALL () {
  MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)
  WHERE $year_start <= m.eliminated_date <= $as_of
  RETURN count(DISTINCT h) AS eliminated
}
RETURN rows, monitored, waiting, longest_wait, overdue, identified, eliminated
