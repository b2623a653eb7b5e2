// The villages of $scope (the scope itself when it is a village): whose visits a snapshot reads a
// chunk at a time (cypher/snapshot/hashes_visits.cypher).
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(v:Village)
RETURN collect(DISTINCT v.code) AS codes
