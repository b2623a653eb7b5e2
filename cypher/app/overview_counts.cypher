// Key figures of the overview page that do not depend on the as-of date (households in scope do:
// they come from the check's summary).
CALL { MATCH (v:Village) RETURN count(v) AS villages }
CALL { MATCH (t:Township) RETURN count(t) AS townships }
CALL { MATCH (p:Person) RETURN count(p) AS people }
CALL { MATCH (o:Organization) RETURN count(o) AS organizations }
CALL { MATCH (e:Enterprise) RETURN count(e) AS enterprises }
CALL { MATCH (l:Load) RETURN max(l.finished_at) AS last_load }
RETURN villages, townships, people, organizations, enterprises, last_load
