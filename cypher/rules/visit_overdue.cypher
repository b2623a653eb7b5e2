// 帮扶责任人未按期走访（visit_overdue，警告；只看记录走访的县）
// 检查：$as_of 当天在册（户状态不是「已销户」，LIVES_IN 在期）且有在岗结对帮扶的户，其在岗帮扶责任人在
// $as_of 前 $visit_days 天内（$as_of − $visit_days + 1 至 $as_of，两端都含）都没有方式属于 $visit_kinds 的走访
// （Person -[:VISITED]-> Household）。别人（如乡镇领导）的走访不算。一个县没有任何一户的走访记录时，
// 该县不报（该县不记走访），即使同一图谱中相邻的县有走访记录。
// 参数：$as_of（Date）、$visit_days、$visit_kinds（走访方式列表）、$region（区划代码，可为 null）。
// The help pairs first, by the relationship-type index (not by expanding every household: a household's
// relationships are one chain of a dozen visits, read past to find its one HELPS). Each active help pair
// keeps its cadre's latest visit of each kind to the household (HELPS.last_visit_kinds / last_visit_dates,
// written with the visits by every load: docs/graph-model.md); per household: are all its active pairs'
// kept dates on or before $as_of (kept), and does one of them show a visit of a counted kind in the window.
CALL () {
  WITH 1 AS whole WHERE $region IS NULL
  MATCH ()-[r:HELPS]->() WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN endNode(r) AS h, r, startNode(r) AS p
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)<-[r:HELPS]-(p)
  WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN DISTINCT h, r, p
}
WITH h, p, r.last_visit_dates AS dates, r.last_visit_kinds AS kinds
WHERE p:Person
WITH h,
     min(CASE WHEN dates IS NOT NULL AND all(d IN dates WHERE d <= $as_of) THEN 1 ELSE 0 END) AS all_kept,
     max(CASE WHEN dates IS NOT NULL AND any(i IN range(0, size(dates) - 1)
                WHERE kinds[i] IN $visit_kinds AND dates[i] > $as_of - duration({days: $visit_days}))
         THEN 1 ELSE 0 END) AS recent
// a household whose kept visits show one in the window is done; the others (a few thousand) go on
WITH h, all_kept = 1 AS kept WHERE all_kept = 0 OR recent = 0
MATCH (h:Household)-[l:LIVES_IN]->(v:Village)
WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
// the county of each village (its top region); the counties that keep visits, each decided once
WITH v, h, kept, head(COLLECT { MATCH (v)-[:PART_OF*0..2]->(c:Region) WHERE NOT (c)-[:PART_OF]->() RETURN c })
  AS county
WITH county, collect([v, h, kept]) AS households
WHERE EXISTS { (county)<-[:PART_OF*0..2]-(:Village)<-[:LIVES_IN]-(:Household)<-[:VISITED]-(:Person) }
UNWIND households AS row
WITH row[0] AS v, row[1] AS h, row[2] AS kept
WITH v, h, kept, [(h)<-[r:HELPS]-(:Person) WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) | r]
  AS helps
CALL (h, helps, kept) {
  // the kept latest visits answer when none of them is after $as_of (the usual case: a check of today)
  WITH helps WHERE kept
  WITH reduce(acc = [], r IN helps |
         acc + [i IN range(0, size(r.last_visit_dates) - 1) | {date: r.last_visit_dates[i], kind: r.last_visit_kinds[i]}]
       ) AS latest
  WHERE NOT any(x IN latest WHERE x.kind IN $visit_kinds AND x.date > $as_of - duration({days: $visit_days}))
  RETURN reduce(m = null, x IN latest | CASE WHEN m IS NULL OR x.date > m.date THEN x ELSE m END) AS last
  UNION ALL
  // otherwise (a check of an earlier day, a help pair written by something else than a load): the visits
  WITH h WHERE NOT kept
    AND NOT EXISTS {
      MATCH (h)<-[r:HELPS]-(p:Person)-[x:VISITED]->(h)
      WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
        AND x.date <= $as_of AND x.date > $as_of - duration({days: $visit_days}) AND x.kind IN $visit_kinds
    }
  RETURN head(COLLECT {
    MATCH (h)<-[r:HELPS]-(p:Person)-[x:VISITED]->(h)
    WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) AND x.date <= $as_of
    RETURN {date: x.date, kind: x.kind} ORDER BY x.date DESC LIMIT 1
  }) AS last
}
WITH v, h, last, COLLECT {
  MATCH (h)<-[r:HELPS]-(p:Person)
  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN DISTINCT p.name ORDER BY p.name
} AS helpers
RETURN 'household' AS subject_type, h.household_id AS subject_id, h.head_name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '帮扶责任人' + toString($visit_days) + '天内未'
         + reduce(s = '', k IN $visit_kinds | s + CASE WHEN s = '' THEN '' ELSE '/' END + k) + '走访' AS message,
       helpers, last.date AS last_visit, last.kind AS last_visit_kind
ORDER BY subject_id
