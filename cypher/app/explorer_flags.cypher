// What the explorer's colours say about the nodes on screen at $as_of (ids): a village's open ledger
// findings, whether a household on the roster has an active helper, a person's role. The rules'
// violations come from the cached check (webapp/results_cache.py), not from here.
MATCH (n) WHERE elementId(n) IN $ids AND (n:Village OR n:Household OR n:Person)
RETURN elementId(n) AS id,
       CASE WHEN n:Village THEN COUNT {
         MATCH (f:Finding {village_code: n.code}) WHERE f.status IN ['待整改', '整改中']
       } END AS open_findings,
       CASE WHEN n:Household THEN
         n.status <> '已销户'
         AND EXISTS { (n)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
         AND NOT EXISTS { (n)<-[h:HELPS]-() WHERE (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of) }
       END AS without_helper,
       CASE WHEN n:Person THEN COLLECT {
         MATCH (n)-[a:ASSIGNED_TO]->(:Village)
         WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
         RETURN DISTINCT a.role
       } END AS roles,
       CASE WHEN n:Person THEN EXISTS {
         (n)-[p:HOLDS_POST]->() WHERE p.is_secretary AND (p.start IS NULL OR p.start <= $as_of) AND (p.end IS NULL OR p.end >= $as_of)
       } END AS secretary,
       CASE WHEN n:Person THEN EXISTS {
         (n)-[h:HELPS]->() WHERE (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
       } END AS helper
