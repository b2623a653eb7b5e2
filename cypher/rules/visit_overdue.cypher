// 帮扶责任人未按期走访（visit_overdue，警告；只看记录走访的县）
// 检查：$as_of 当天在册（户状态不是「已销户」，LIVES_IN 在期）且有在岗结对帮扶的户，其在岗帮扶责任人在
// $as_of 前 $visit_days 天内（$as_of − $visit_days + 1 至 $as_of，两端都含）都没有方式属于 $visit_kinds 的走访
// （Person -[:VISITED]-> Household）。别人（如乡镇领导）的走访不算。一个县没有任何一户的走访记录时，
// 该县不报（该县不记走访），即使同一图谱中相邻的县有走访记录。
// 参数：$as_of（Date）、$visit_days、$visit_kinds（走访方式列表）、$region（区划代码，可为 null）。
// The help pairs not visited lately first, by index seeks (not by reading every help pair, nor by
// expanding every household: a household's relationships are one chain of a dozen visits, read past to
// find its one HELPS). Each help pair keeps its cadre's latest visit of each kind to the household
// (HELPS.last_visit_kinds / last_visit_dates, and the same as single dates: latest_visit, last_home_visit,
// last_phone_visit, last_video_visit, last_other_visit; written with the visits by every load:
// docs/graph-model.md). A pair can be not done only if it has no visit of a counted kind (its kinds are one
// of the sorted lists of the other kinds, [] among them), or its latest visit of a counted kind is on or
// before $as_of − $visit_days, or it has a visit after $as_of, or it keeps nothing (a pair not written by a
// load, or by schema 10 without the single dates: looked for only when the counts say some pair keeps
// nothing). Those pairs are the candidates,
// a few per cent; the test below is the same as over every pair. Only the households with a pair not done
// go on, grouped by village, so a village's county and path are read once.
// The kinds are the roster's closed vocabulary (入户/电话/视频/其他; activity-tables.md), sorted here as
// the loads sort last_visit_kinds.
CALL () {
  WITH 1 AS whole WHERE $region IS NULL
  CALL () {
    WITH reduce(lists = [[]], k IN [k IN ['入户', '其他', '电话', '视频'] WHERE NOT k IN $visit_kinds] |
                lists + [l IN lists | l + k]) AS uncounted
    MATCH ()-[r:HELPS]->() WHERE r.last_visit_kinds IN uncounted
    RETURN r
    UNION
    WITH 1 AS counted WHERE '入户' IN $visit_kinds
    MATCH ()-[r:HELPS]->() WHERE r.last_home_visit <= $as_of - duration({days: $visit_days})
    RETURN r
    UNION
    WITH 1 AS counted WHERE '电话' IN $visit_kinds
    MATCH ()-[r:HELPS]->() WHERE r.last_phone_visit <= $as_of - duration({days: $visit_days})
    RETURN r
    UNION
    WITH 1 AS counted WHERE '视频' IN $visit_kinds
    MATCH ()-[r:HELPS]->() WHERE r.last_video_visit <= $as_of - duration({days: $visit_days})
    RETURN r
    UNION
    WITH 1 AS counted WHERE '其他' IN $visit_kinds
    MATCH ()-[r:HELPS]->() WHERE r.last_other_visit <= $as_of - duration({days: $visit_days})
    RETURN r
    UNION
    MATCH ()-[r:HELPS]->() WHERE r.latest_visit > $as_of
    RETURN r
    UNION
    // a pair keeps its visits when it has a latest one or none at all ([]); the rest are read one by one
    WITH COUNT { ()-[:HELPS]->() } AS pairs,
         COUNT { ()-[k:HELPS]->() WHERE k.latest_visit IS NOT NULL } + COUNT { ()-[k:HELPS]->() WHERE k.last_visit_kinds = [] }
           AS keeping
    WHERE pairs > keeping
    MATCH ()-[r:HELPS]->() WHERE r.latest_visit IS NULL
    RETURN r
  }
  WITH r WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN endNode(r) AS h, r, startNode(r) AS p
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)<-[r:HELPS]-(p)
  WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN DISTINCT h, r, p
}
// the pairs not done: no kept visits, one after $as_of, or none of a counted kind in the window
WITH h, r, p
WHERE (r.last_visit_dates IS NULL OR any(d IN r.last_visit_dates WHERE d > $as_of)
       OR NOT any(i IN range(0, size(r.last_visit_dates) - 1)
                  WHERE r.last_visit_kinds[i] IN $visit_kinds AND r.last_visit_dates[i] > $as_of - duration({days: $visit_days})))
  AND p:Person
WITH DISTINCT h
MATCH (h:Household)-[l:LIVES_IN]->(v:Village)
WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH v, collect(h) AS hs
// the county of each village (its top region, two steps up at most) and its path, from one walk up; the
// counties that keep visits, each decided once
WITH v, hs, head(COLLECT { MATCH up = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->() RETURN up }) AS up
WITH CASE WHEN length(up) <= 2 THEN last(nodes(up)) END AS county,
     hs, coalesce([n IN reverse(nodes(up)) | n.name], [v.name]) AS region_path
WITH county, collect([hs, region_path]) AS villages
WHERE EXISTS { (county)<-[:PART_OF*0..2]-(:Village)<-[:LIVES_IN]-(:Household)<-[:VISITED]-(:Person) }
WITH villages, '帮扶责任人' + toString($visit_days) + '天内未'
       + reduce(s = '', k IN $visit_kinds | s + CASE WHEN s = '' THEN '' ELSE '/' END + k) + '走访' AS message
UNWIND villages AS village
UNWIND village[0] AS h
// per household: its active pairs, its helpers' names, and whether all its kept dates are on or before $as_of
WITH village[1] AS region_path, message, h,
     [(h)<-[r:HELPS]-(p:Person) WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) | [r, p.name]]
  AS pairs
WITH region_path, message, h, [x IN pairs | x[0]] AS helps, COLLECT { UNWIND pairs AS x WITH DISTINCT x[1] AS name RETURN name ORDER BY name } AS helpers
WITH region_path, message, h, helpers, helps, all(r IN helps WHERE r.last_visit_dates IS NOT NULL AND all(d IN r.last_visit_dates WHERE d <= $as_of)) AS kept
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
RETURN 'household' AS subject_type, h.household_id AS subject_id, h.head_name AS subject_name,
       region_path, message, helpers, last.date AS last_visit, last.kind AS last_visit_kind
ORDER BY subject_id
