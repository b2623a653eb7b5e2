// Which of $rows (reserve cadres a snapshot lists that its scope did not hold: [person, village,
// start_key]) are already active on $date.
UNWIND $rows AS row
MATCH (:Village {code: row[1]})<-[r:RESERVE_CADRE_OF {start_key: row[2]}]-(:Person {person_id: row[0]})
WHERE r.end IS NULL OR r.end >= $date
RETURN DISTINCT row
