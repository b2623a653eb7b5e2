// The village file's 防止返贫监测 (shared/spec/monitoring.md), read through a LIVES_IN active at $as_of:
// the households monitored at $as_of (a row identified on or before it and not eliminated on or before
// it; the latest such row) with the kinds of their measures active at $as_of, and the clues waiting at
// $as_of (clue on or before it, neither identified nor dismissed on or before it), longest wait first.
// Parameters: $code (village code), $as_of (Date).
MATCH (v:Village {code: $code})
RETURN COLLECT {
         MATCH (v)<-[l:LIVES_IN]-(h:Household)<-[:MONITORING_OF]-(m:Monitoring)
         WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
           AND m.identified_date <= $as_of AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
         WITH h, m ORDER BY m.identified_date DESC
         WITH h, head(collect(m)) AS m
         RETURN {household_id: h.household_id, head_name: h.head_name, clue_date: m.clue_date,
                 identified_date: m.identified_date, category: m.category, risks: m.risks, labor: m.labor,
                 days: duration.inDays(m.identified_date, $as_of).days,
                 measures: COLLECT {
                   MATCH (h)<-[:MEASURE_FOR]-(x:HelpMeasure)
                   WHERE x.start <= $as_of AND (x.end IS NULL OR x.end >= $as_of)
                   RETURN DISTINCT x.kind AS kind ORDER BY kind
                 }} AS row
         ORDER BY row.household_id
       } AS monitored,
       COLLECT {
         MATCH (v)<-[l:LIVES_IN]-(h:Household)<-[:MONITORING_OF]-(m:Monitoring)
         WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
           AND m.clue_date <= $as_of
           AND (m.identified_date IS NULL OR m.identified_date > $as_of)
           AND (m.dismissed_date IS NULL OR m.dismissed_date > $as_of)
         RETURN {household_id: h.household_id, head_name: h.head_name, clue_date: m.clue_date, source: m.source,
                 days: duration.inDays(m.clue_date, $as_of).days} AS row
         ORDER BY row.days DESC, row.household_id
       } AS waiting
