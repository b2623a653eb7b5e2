// Households on the roster of $scope on $date: an open LIVES_IN (no end, or an end on or after $date)
// to a village of the scope.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
WHERE l.end IS NULL OR l.end >= $date
RETURN DISTINCT h.household_id AS household_id
