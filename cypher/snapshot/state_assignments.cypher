// Assignments (person roles and contracting units) a snapshot of $scope dated $date states: those to a
// village of the scope, not ended before $date. unit_code: the contracting unit, or a person's
// dispatching unit (派出单位).
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(v:Village)<-[r:ASSIGNED_TO]-(x)
WHERE r.end IS NULL OR r.end >= $date
RETURN r.role AS role, v.code AS village_code,
       CASE WHEN x:Person THEN x.person_id END AS person_id,
       CASE WHEN x:Person THEN r.unit_code ELSE x.code END AS unit_code,
       coalesce(r.start_key, '') AS start_key, r.row_hash AS row_hash
