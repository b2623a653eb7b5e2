// Assignments (person roles and contracting units) a snapshot of $scope dated $date states: those to a
// village of the scope, not ended before $date. unit_code: the contracting unit, or a person's
// dispatching unit (派出单位).
// One record: the rows as lists (their key columns as the Change rows have them, then the fingerprint),
// which the driver decodes in one piece.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(v:Village)<-[r:ASSIGNED_TO]-(x)
WHERE r.end IS NULL OR r.end >= $date
RETURN collect([r.role, v.code, CASE WHEN x:Person THEN x.person_id ELSE '' END,
                coalesce(CASE WHEN x:Person THEN r.unit_code ELSE x.code END, ''),
                coalesce(r.start_key, ''), r.row_hash]) AS rows
