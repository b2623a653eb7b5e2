// 户数最多的乡镇（演示与测试用）：返回其代码、名称与户数。
MATCH (t:Township)<-[:PART_OF]-(:Village)<-[:LIVES_IN]-(h:Household)
RETURN t.code AS code, t.name AS name, count(h) AS households
ORDER BY households DESC, code
LIMIT 1
