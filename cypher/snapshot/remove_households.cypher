// Households missing from a snapshot dated $date leave the roster on $date: their open LIVES_IN ends
// the day before ($day_before). The node and its history stay.
UNWIND $ids AS id
MATCH (h:Household {household_id: id})-[l:LIVES_IN]->(:Village)
WHERE l.end IS NULL OR l.end >= $date
SET l.end = $day_before, l.start_key = coalesce(l.start_key, ''), l.updated_load = $load_id
REMOVE h.row_hash
RETURN count(*) AS removed
