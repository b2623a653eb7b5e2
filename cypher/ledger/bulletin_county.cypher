// The county a bulletin speaks for (its 发文机关 and 落款): $region itself when it is a county, the county
// it lies in otherwise; every county when $region is null (one in a one-county graph).
MATCH (c:County)
WHERE $region IS NULL OR c.code = $region
   OR EXISTS { MATCH (:Region {code: $region})-[:PART_OF*1..2]->(c) }
RETURN c.code AS code, c.name AS name
ORDER BY code
