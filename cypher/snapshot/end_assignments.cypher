// Assignments missing from a snapshot dated $date end the day before ($day_before). Rows: [role,
// village, person ('' for a contracting unit), unit, start_key].
UNWIND $rows AS row
MATCH (v:Village {code: row[1]})<-[r:ASSIGNED_TO {role: row[0], start_key: row[4]}]-(x)
WHERE (r.end IS NULL OR r.end >= $date)
  AND CASE WHEN row[2] <> '' THEN x:Person AND x.person_id = row[2] ELSE x:Unit AND x.code = row[3] END
SET r.end = $day_before, r.updated_load = $load_id
REMOVE r.row_hash
RETURN count(*) AS ended
