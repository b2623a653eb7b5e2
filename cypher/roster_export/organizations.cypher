// One page of organizations for `bangfu export roster`: parent_code from REPORTS_TO, region_code from
// LOCATED_IN (GOVERNS is not exported: the loader derives it from kind and region).
MATCH (n:Organization) WHERE n.code > $after
WITH n ORDER BY n.code LIMIT $limit
RETURN n.code AS key,
       [n {.*, parent_code: [(n)-[:REPORTS_TO]->(p:Organization) | p.code][0],
              region_code: [(n)-[:LOCATED_IN]->(r:Region) | r.code][0]}] AS records
