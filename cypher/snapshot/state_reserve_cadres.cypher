// Reserve cadres (后备干部) a snapshot of $scope dated $date states: those of a village of the scope, not
// ended before $date (no end, or an end on or after it).
// One record: the rows as lists (their key columns as the Change rows have them, then the fingerprint),
// which the driver decodes in one piece.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(v:Village)<-[r:RESERVE_CADRE_OF]-(p:Person)
WHERE r.end IS NULL OR r.end >= $date
RETURN collect([p.person_id, v.code, coalesce(r.start_key, ''), r.row_hash]) AS rows
