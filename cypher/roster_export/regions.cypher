// One page of regions for `bangfu export roster`: keyset paging on the unique code (ORDER BY uses
// the constraint's index, so a page costs the same at any depth). parent_code from PART_OF.
MATCH (n:Region) WHERE n.code > $after
WITH n ORDER BY n.code LIMIT $limit
RETURN n.code AS key, [n {.*, parent_code: [(n)-[:PART_OF]->(p:Region) | p.code][0]}] AS records
