// The household page: the household, every village it lived in (LIVES_IN with its dates, the
// village's township and county), its helpers (all dates), benefits and enterprise links by year.
// Parameters: $key (household_id).
MATCH (h:Household {household_id: $key})
RETURN h {.*} AS household,
       COLLECT {
         MATCH (h)-[l:LIVES_IN]->(v:Village)
         OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
         OPTIONAL MATCH (t)-[:PART_OF]->(c:County)
         RETURN {village: v {.code, .name}, township: t {.code, .name}, county: c {.code, .name},
                 start: l.start, end: l.end} AS place
         ORDER BY coalesce(l.start, date('0001-01-01')) DESC, v.code
       } AS places,
       COLLECT {
         MATCH (p:Person)-[r:HELPS]->(h)
         RETURN {person: p {.person_id, .name, .rank, .political_status},
                 unit: head([(p)-[:WORKS_AT]->(w:Organization) | w {.code, .name}]),
                 start: r.start, end: r.end} AS helper
         ORDER BY coalesce(r.start, date('0001-01-01')) DESC, p.person_id
       } AS helpers,
       COLLECT {
         MATCH (h)-[r:RECEIVES]->(g:Program)
         RETURN {year: r.year, program: g.name, amount: r.amount} AS benefit
         ORDER BY r.year DESC, g.name
       } AS benefits,
       COLLECT {
         MATCH (e:Enterprise)-[k:LIFTS]->(h)
         RETURN {year: k.year, enterprise: e {.enterprise_id, .name, .kind}, mode: k.mode,
                 income: k.annual_income} AS link
         ORDER BY k.year DESC, e.enterprise_id, k.mode
       } AS links
