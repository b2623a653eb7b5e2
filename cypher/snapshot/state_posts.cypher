// Posts a snapshot of $scope dated $date states: those in an organization located in the scope (its
// region or a region under it), not ended before $date.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(o:Organization)<-[r:HOLDS_POST]-(p:Person)
WHERE r.end IS NULL OR r.end >= $date
RETURN p.person_id AS person_id, o.code AS org_code, r.title AS title, coalesce(r.start_key, '') AS start_key,
       r.row_hash AS row_hash
