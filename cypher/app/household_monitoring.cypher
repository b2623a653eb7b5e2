// The household page's 防止返贫监测 (shared/spec/monitoring.md): its monitoring rows whose clue came on
// or before the as-of date (the page hides the steps dated after it), oldest clue first, and its help
// measures that started on or before the as-of date, newest first, each with the unit that answers
// for it. Parameters: $key (household_id), $as_of (Date).
MATCH (h:Household {household_id: $key})
RETURN COLLECT {
         MATCH (h)<-[:MONITORING_OF]-(m:Monitoring) WHERE m.clue_date <= $as_of
         RETURN m {.clue_date, .source, .identified_date, .dismissed_date, .category, .risks, .labor,
                   .eliminated_date} AS row
         ORDER BY m.clue_date
       } AS monitoring,
       COLLECT {
         MATCH (h)<-[:MEASURE_FOR]-(x:HelpMeasure) WHERE x.start <= $as_of
         RETURN {kind: x.kind, start: x.start, end: x.end, note: x.note,
                 unit: head(COLLECT { MATCH (x)-[:MEASURE_BY]->(o:Organization) RETURN o {.code, .name} })} AS row
         ORDER BY x.start DESC, x.kind
       } AS measures
