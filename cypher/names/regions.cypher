// Regions (the county, townships, villages) a user may mean by $text: the one with that code, those
// with exactly that name, and (when $like) names and pinyin containing $q; the county and townships
// before villages, each village with its township (two villages may share a name: 胡寨村). For the
// region field of a prefecture-sized graph's forms (webapp/regions.py). $today is not used.
CALL () {
  MATCH (r:Region {code: $text}) RETURN r, 0 AS rank
  UNION
  MATCH (r:Region) WHERE r.name = $text RETURN r, 0 AS rank
  UNION
  MATCH (r:Region:Searchable) WHERE $like AND r.search_text CONTAINS $q RETURN r, 1 AS rank
}
WITH r, min(rank) AS rank
ORDER BY rank, CASE WHEN r:County THEN 0 WHEN r:Township THEN 1 ELSE 2 END, r.name, r.code
LIMIT $limit
OPTIONAL MATCH (r:Village)-[:PART_OF]->(t:Township)
RETURN r.code AS key, r.name AS name, r.level AS level, t.name AS township, rank = 0 AS exact
