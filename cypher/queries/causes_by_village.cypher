// @title: 各村致贫原因
// @category: 村
// @description: 所选乡镇每个村在截至日期的在册户（不含已销户和已移出名册的户）的致贫原因户数，一村一原因一行。
// @param township: township | 乡镇 | required | choices=@townships
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (:Township {code: $township})<-[:PART_OF]-(v:Village)<-[lv:LIVES_IN]-(h:Household)
WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
RETURN v.code AS 村代码, v.name AS 村, coalesce(h.cause, '未填写') AS 致贫原因, count(h) AS 户数
ORDER BY 村代码, 户数 DESC, 致贫原因
