// The (:Change) rows of the loads $load_ids: started / ended / added / removed rows of a snapshot, and
// node properties its rows changed. With $region, only those about a place in that region: a
// household (help pairs, households, its properties) by its village, an assignment or a reserve cadre by its village, a
// post by its organization's region, an organization or enterprise by where it is located, a person
// by their work unit's region, a region by itself.
MATCH (c:Change) WHERE c.load_id IN $load_ids
WITH c
WHERE $region IS NULL OR EXISTS {
  CALL (c) {
    WITH c WHERE c.table IN ['households', 'help_pairs'] OR c.label = 'Household'
    MATCH (:Household {household_id: CASE WHEN c.kind = 'property' THEN c.key
                                          WHEN c.table = 'households' THEN c.row[0] ELSE c.row[1] END})
          -[:LIVES_IN]->(place:Village)
    RETURN place
    UNION
    WITH c WHERE c.table IN ['assignments', 'reserve_cadres']
    MATCH (place:Village {code: c.row[1]}) RETURN place
    UNION
    WITH c WHERE c.table = 'posts'
    MATCH (:Organization {code: c.row[1]})-[:LOCATED_IN]->(place:Region) RETURN place
    UNION
    WITH c WHERE c.label = 'Region'
    MATCH (place:Region {code: c.key}) RETURN place
    UNION
    WITH c WHERE c.label = 'Organization'
    MATCH (:Organization {code: c.key})-[:LOCATED_IN]->(place:Region) RETURN place
    UNION
    WITH c WHERE c.label = 'Enterprise'
    MATCH (:Enterprise {enterprise_id: c.key})-[:LOCATED_IN]->(place:Region) RETURN place
    UNION
    WITH c WHERE c.label = 'Person'
    MATCH (:Person {person_id: c.key})-[:WORKS_AT]->(:Organization)-[:LOCATED_IN]->(place:Region) RETURN place
  }
  MATCH (place)-[:PART_OF*0..2]->(:Region {code: $region})
}
RETURN c.load_id AS load_id, c.kind AS kind, c.table AS table, c.row AS row,
       c.label AS label, c.key AS key, c.property AS property, c.old AS old, c.new AS new
ORDER BY load_id, kind, table, row, label, key, property
