// Unit and party-organization pages: the organization, its superior, subordinates, region and the
// villages it governs (a village branch), and its people: who works there and who holds (held) a
// post in it, with the posts' dates.
// Parameters: $key (organization code).
MATCH (o:Organization {code: $key})
RETURN o {.*} AS org, o:PartyOrg AS is_party,
       head([(o)-[:REPORTS_TO]->(s:Organization) | s {.code, .name, .kind}]) AS superior,
       COLLECT { MATCH (o)<-[:REPORTS_TO]-(c:Organization) RETURN c {.code, .name, .kind} AS c ORDER BY c.code } AS subordinates,
       head([(o)-[:LOCATED_IN]->(r:Region) | r {.code, .name, .level}]) AS region,
       COLLECT { MATCH (o)-[:GOVERNS]->(v:Village) RETURN v {.code, .name} AS v ORDER BY v.code } AS governs,
       COLLECT {
         MATCH (p:Person) WHERE (p)-[:WORKS_AT]->(o) OR (p)-[:HOLDS_POST]->(o)
         RETURN {person: p {.person_id, .name, .rank, .political_status}, works_here: EXISTS { (p)-[:WORKS_AT]->(o) },
                 posts: COLLECT { MATCH (p)-[s:HOLDS_POST]->(o)
                                  RETURN {title: s.title, start: s.start, end: s.end} AS post
                                  ORDER BY coalesce(s.start, date('0001-01-01')) DESC, s.title }} AS member
         ORDER BY p.person_id
       } AS people
