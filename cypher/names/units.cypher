// Organizations (units and party organizations) a user may mean by $text: the one with that code,
// those with exactly that name, and (when $like) names and pinyin containing $q, each with its kind and
// where it sits (township or county) so that same-named ones can be told apart. Exact matches first.
CALL () {
  MATCH (o:Organization {code: $text}) RETURN o, 0 AS rank
  UNION
  MATCH (o:Organization) WHERE o.name = $text RETURN o, 0 AS rank
  UNION
  MATCH (o:Organization:Searchable) WHERE $like AND o.search_text CONTAINS $q RETURN o, 1 AS rank
}
WITH o, min(rank) AS rank
ORDER BY rank, o.name, o.code
LIMIT $limit
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(up:Region)
RETURN o.code AS key, o.name AS name, o.kind AS kind, rank = 0 AS exact,
       CASE WHEN r:Village THEN up.name + r.name ELSE r.name END AS place
