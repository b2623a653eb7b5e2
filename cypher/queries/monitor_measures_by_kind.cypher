// @title: 各乡镇帮扶措施类型
// @category: 户
// @description: 截至日期在期的帮扶措施（开始日期不晚于截至日期，结束日期为空或不早于截至日期），按乡镇和措施类型
//   计措施数和户数。
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (x:HelpMeasure)-[:MEASURE_FOR]->(h:Household)-[lv:LIVES_IN]->(:Village)-[:PART_OF]->(t:Township)
WHERE x.start <= $as_of AND (x.end IS NULL OR x.end >= $as_of)
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
RETURN t.code AS 乡镇代码, t.name AS 乡镇, x.kind AS 措施类型, count(x) AS 措施数, count(DISTINCT h) AS 户数
ORDER BY 乡镇代码, 措施数 DESC, 措施类型
