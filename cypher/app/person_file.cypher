// 干部档案: the person's work unit, posts, village assignments and managed enterprises (all dates;
// the page marks each as active or past at its as-of date).
// Parameters: $key (person_id).
MATCH (p:Person {person_id: $key})
RETURN p {.*} AS person,
       head([(p)-[:WORKS_AT]->(w:Organization) | w {.code, .name, .kind}]) AS works_at,
       COLLECT {
         MATCH (p)-[s:HOLDS_POST]->(o:Organization)
         RETURN {org: o {.code, .name, .kind}, title: s.title, start: s.start, end: s.end,
                 villages: COLLECT { MATCH (o)-[:GOVERNS]->(v:Village) RETURN v {.code, .name} AS v ORDER BY v.code }} AS post
         ORDER BY coalesce(s.start, date('0001-01-01')) DESC, o.code, s.title
       } AS posts,
       COLLECT {
         MATCH (p)-[a:ASSIGNED_TO]->(v:Village)
         OPTIONAL MATCH (d:Organization {code: a.unit_code})
         RETURN {role: a.role, village: v {.code, .name},
                 township: head([(v)-[:PART_OF]->(t:Township) | t.name]),
                 dispatching: d {.code, .name}, start: a.start, end: a.end} AS assignment
         ORDER BY coalesce(a.start, date('0001-01-01')) DESC, v.code, a.role
       } AS assignments,
       COLLECT { MATCH (p)-[:MANAGES]->(e:Enterprise) RETURN e {.enterprise_id, .name, .kind} AS e
                 ORDER BY e.enterprise_id } AS enterprises
