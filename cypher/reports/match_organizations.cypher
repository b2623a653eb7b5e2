// Organizations whose name starts with a place name (红花集镇 → 红花集镇党委), for a post's organization.
UNWIND $places AS place
MATCH (o:Organization) WHERE o.name STARTS WITH place
RETURN place, 'Organization' AS label, o.code AS key, o.name AS found, coalesce(o.kind, '') AS detail
LIMIT 500
