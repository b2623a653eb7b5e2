// The village file's activity sections: its reserve cadres (all dates; the page marks each as in the
// pool or not at its as-of date), the talents from it living elsewhere and what they gave, and its
// yearly indicators (newest year first).
// Parameters: $code (village code).
MATCH (v:Village {code: $code})
RETURN COLLECT {
         MATCH (p:Person)-[r:RESERVE_CADRE_OF]->(v)
         RETURN {person: p {.person_id, .name, .political_status}, source: r.source,
                 start: r.start, end: r.end} AS cadre
         ORDER BY r.end IS NULL DESC, coalesce(r.start, date('0001-01-01')) DESC, p.person_id
       } AS reserve_cadres,
       COLLECT {
         MATCH (p:Person)-[t:TALENT_OF]->(v)
         RETURN {person: p {.person_id, .name}, kind: t.kind, residence: t.residence,
                 last_contact: t.last_contact, contribution: t.contribution, amount: t.amount} AS talent
         ORDER BY p.person_id
       } AS talents,
       COLLECT {
         MATCH (x:VillageIndicator)-[:INDICATOR_OF]->(v)
         RETURN x {.year, .collective_income, .service_center, .note} AS indicator
         ORDER BY x.year DESC
       } AS indicators
