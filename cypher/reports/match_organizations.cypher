// Organizations whose name contains a place name (红花集镇 → 中共红花集镇委员会), for a post's organization.
UNWIND $places AS place
MATCH (o:Organization) WHERE o.name CONTAINS place
RETURN place, 'Organization' AS label, o.code AS key, o.name AS found, coalesce(o.kind, '') AS detail
ORDER BY place, size(o.name)
LIMIT 500
