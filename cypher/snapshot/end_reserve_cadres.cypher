// Reserve cadres missing from a snapshot dated $date leave the pool the day before ($day_before), as
// assignments end. Rows: [person, village, start_key].
UNWIND $rows AS row
MATCH (:Village {code: row[1]})<-[r:RESERVE_CADRE_OF {start_key: row[2]}]-(:Person {person_id: row[0]})
WHERE r.end IS NULL OR r.end >= $date
SET r.end = $day_before, r.updated_load = $load_id
REMOVE r.row_hash
RETURN count(*) AS ended
