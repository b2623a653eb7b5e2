// Households on the roster of $scope on $date, with the fingerprint of the row that wrote them: an
// open LIVES_IN (no end, or an end on or after $date)
// to a village of the scope.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
WHERE l.end IS NULL OR l.end >= $date
WITH DISTINCT h
RETURN h.household_id AS household_id, h.row_hash AS row_hash
