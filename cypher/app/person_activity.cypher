// The person's record, activity sections: their evaluations (述职评议, newest year first) and their
// visits dated on or before the as-of date: how many, to how many households, the latest, and the
// newest $limit of them. Nothing here compares people.
// Parameters: $key (person_id), $as_of (Date), $limit (int).
MATCH (p:Person {person_id: $key})
RETURN COLLECT {
         MATCH (e:Evaluation)-[:EVALUATES]->(p)
         RETURN {year: e.year, role: e.role, grade: e.grade,
                 unit: head([(e)-[:EVALUATED_BY]->(o:Organization) | o {.code, .name}])} AS evaluation
         ORDER BY e.year DESC, e.role
       } AS evaluations,
       COUNT { MATCH (p)-[w:VISITED]->(:Household) WHERE w.date <= $as_of } AS visit_total,
       COUNT { MATCH (p)-[w:VISITED]->(h:Household) WHERE w.date <= $as_of RETURN DISTINCT h } AS visited_households,
       COLLECT {
         MATCH (p)-[w:VISITED]->(h:Household) WHERE w.date <= $as_of
         RETURN {date: w.date, kind: w.kind, note: w.note, household: h {.household_id, .head_name},
                 village: head([(h)-[:LIVES_IN]->(v:Village) | v {.code, .name}])} AS visit
         ORDER BY w.date DESC, h.household_id, w.kind
         LIMIT $limit
       } AS visits
