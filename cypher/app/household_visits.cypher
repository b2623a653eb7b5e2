// The household page's visits (走访记录): every visit dated on or before the as-of date, newest first,
// with who visited and whether that person helped the household (a help pair active on the visit's
// day); at most $limit of them, and how many there are. No location, no photo: the roster has none.
// Parameters: $key (household_id), $as_of (Date), $limit (int).
MATCH (h:Household {household_id: $key})
RETURN COUNT { MATCH (h)<-[w:VISITED]-(:Person) WHERE w.date <= $as_of } AS total,
       COLLECT {
         MATCH (h)<-[w:VISITED]-(p:Person) WHERE w.date <= $as_of
         RETURN {date: w.date, kind: w.kind, note: w.note, person: p {.person_id, .name},
                 helper: EXISTS { (p)-[r:HELPS]->(h) WHERE (r.start IS NULL OR r.start <= w.date)
                                                      AND (r.end IS NULL OR r.end >= w.date) }} AS visit
         ORDER BY w.date DESC, p.person_id, w.kind
         LIMIT $limit
       } AS visits
