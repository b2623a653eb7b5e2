// Villages a user may mean by $text: the one with that code, those with exactly that name, and (when
// $like) names and pinyin containing $q, each with its township (two villages may share a name: 胡寨村).
// $today is not used (all name queries take the same parameters).
CALL () {
  MATCH (v:Village {code: $text}) RETURN v, 0 AS rank
  UNION
  MATCH (v:Village) WHERE v.name = $text RETURN v, 0 AS rank
  UNION
  MATCH (v:Village:Searchable) WHERE $like AND v.search_text CONTAINS $q RETURN v, 1 AS rank
}
WITH v, min(rank) AS rank
ORDER BY rank, v.name, v.code
LIMIT $limit
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN v.code AS key, v.name AS name, t.name AS township, rank = 0 AS exact
