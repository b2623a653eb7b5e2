// Findings per township and status, and how many of the open ones are past due on $today (person
// findings, which have no township, under township null).
MATCH (f:Finding)
WITH f.township_code AS code, f.status AS status, count(*) AS n,
     sum(CASE WHEN f.status IN ['待整改', '整改中'] AND f.due < $today THEN 1 ELSE 0 END) AS overdue
OPTIONAL MATCH (t:Township {code: code})
RETURN code, t.name AS township, status, n, overdue
ORDER BY coalesce(code, '~'), status
