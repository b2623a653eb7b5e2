// @title: 各村致贫原因
// @category: 村
// @description: 所选乡镇每个村在册户（不含已销户）的致贫原因户数，一村一原因一行。
// @param township: township | 乡镇 | required | choices=@townships
// @display: table
MATCH (:Township {code: $township})<-[:PART_OF]-(v:Village)<-[:LIVES_IN]-(h:Household)
WHERE h.status <> '已销户'
RETURN v.code AS 村代码, v.name AS 村, coalesce(h.cause, '未填写') AS 致贫原因, count(h) AS 户数
ORDER BY 村代码, 户数 DESC, 致贫原因
