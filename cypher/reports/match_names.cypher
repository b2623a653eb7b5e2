// Candidates by exact name: people, regions, organizations, enterprises, household heads.
UNWIND $names AS name
CALL (name) {
  MATCH (p:Person {name: name}) RETURN 'Person' AS label, p.person_id AS key, p.name AS name_, coalesce(p.rank, '') AS detail
  UNION ALL
  MATCH (r:Region) WHERE r.name = name RETURN 'Region' AS label, r.code AS key, r.name AS name_, coalesce(r.level, '') AS detail
  UNION ALL
  MATCH (o:Organization) WHERE o.name = name RETURN 'Organization' AS label, o.code AS key, o.name AS name_, coalesce(o.kind, '') AS detail
  UNION ALL
  MATCH (e:Enterprise) WHERE e.name = name RETURN 'Enterprise' AS label, e.enterprise_id AS key, e.name AS name_, coalesce(e.kind, '') AS detail
  UNION ALL
  MATCH (h:Household {head_name: name}) RETURN 'Household' AS label, h.household_id AS key, h.head_name AS name_, coalesce(h.status, '') AS detail
}
RETURN name, label, key, name_ AS found, detail
LIMIT 2000
