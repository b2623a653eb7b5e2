// One page of enterprises for `bangfu export roster`: village_code from LOCATED_IN, manager_id from
// MANAGES, party_org_code from HAS_PARTY_ORG.
MATCH (n:Enterprise) WHERE n.enterprise_id > $after
WITH n ORDER BY n.enterprise_id LIMIT $limit
RETURN n.enterprise_id AS key,
       [n {.*, village_code: [(n)-[:LOCATED_IN]->(v:Village) | v.code][0],
              manager_id: [(n)<-[:MANAGES]-(p:Person) | p.person_id][0],
              party_org_code: [(n)-[:HAS_PARTY_ORG]->(o:Organization) | o.code][0]}] AS records
