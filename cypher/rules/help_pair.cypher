// 帮扶对象未落实帮扶责任人（help_pair，错误）
// 检查：在册户（户状态不是「已销户」，已脱贫户仍在册：摘帽不摘帮扶；$as_of 当天在名册中：LIVES_IN 在期）
// 在 $as_of 当天没有在岗的结对帮扶
// （Person -[:HELPS]-> Household，开始为空或 ≤ $as_of，结束为空或 ≥ $as_of）。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  // the whole graph: the households without any help pair, whatever its dates. Every help pair is read
  // once by the relationship-type index, but none of its properties (a million pairs' dates are most of
  // what reading them costs); the status index gives the in-scope households (the vocabulary is closed:
  // every status but 已销户) not among them.
  WITH 1 AS whole WHERE $region IS NULL
  CALL () {
    MATCH ()-[:HELPS]->(h) RETURN collect(DISTINCT h) AS paired
  }
  MATCH (h:Household) WHERE h.status IN ['未脱贫', '已脱贫', '监测对象'] AND NOT h IN paired
  RETURN h
  UNION ALL
  // and the households whose help pairs may all be out of date on $as_of: those with a pair ended before
  // it or starting after it (the range indexes helps_end and helps_start), a few per cent, each asked
  // whether it has a pair in date
  WITH 1 AS whole WHERE $region IS NULL
  CALL () {
    MATCH ()-[r:HELPS]->(h) WHERE r.end < $as_of RETURN h
    UNION
    MATCH ()-[r:HELPS]->(h) WHERE r.start > $as_of RETURN h
  }
  WITH h WHERE h.status IN ['未脱贫', '已脱贫', '监测对象']
    AND NOT EXISTS { (h)<-[r:HELPS]-() WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) }
  RETURN h
  UNION ALL
  // a region: its households, each asked (few)
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
  WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
    AND NOT EXISTS {
      MATCH (h)<-[r:HELPS]-()
      WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
    }
  RETURN h
}
// Whether a household is on the roster on $as_of (an in-period LIVES_IN) is asked of those only; the
// region path is read once a village.
MATCH (h)-[l:LIVES_IN]->(v:Village) WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
WITH v, collect(h) AS hs
WITH hs, coalesce(head(COLLECT {
       MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
       RETURN [n IN reverse(nodes(p)) | n.name] AS names
     }), []) AS region_path
UNWIND hs AS h
RETURN 'household' AS subject_type, h.household_id AS subject_id, h.head_name AS subject_name,
       region_path, '帮扶对象未落实帮扶责任人' AS message, h.status AS status
ORDER BY subject_id
