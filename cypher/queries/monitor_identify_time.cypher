// @title: 各乡镇监测对象识别用时
// @category: 户
// @description: 识别日期在所选期间（两端都含）的监测线索，按乡镇计识别户次和从线索到识别天数的中位数、最长值。
// @param since: date | 开始日期 | required
// @param until: date | 结束日期 | default=today
// @display: table
MATCH (m:Monitoring)-[:MONITORING_OF]->(:Household)-[:LIVES_IN]->(:Village)-[:PART_OF]->(t:Township)
WHERE m.identified_date >= $since AND m.identified_date <= $until
WITH DISTINCT t, m
WITH t, duration.inDays(m.clue_date, m.identified_date).days AS days
RETURN t.code AS 乡镇代码, t.name AS 乡镇, count(*) AS 识别户次, percentileDisc(days, 0.5) AS 中位天数,
       max(days) AS 最长天数
ORDER BY 乡镇代码
