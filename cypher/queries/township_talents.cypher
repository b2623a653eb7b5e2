// @title: 乡镇在外人才与反哺
// @category: 村
// @description: 所选乡镇各村的在外人才、乡贤和返乡创业人员：所在地、最近联系日期、反哺情况和金额（元），按村排列。
// @param township: township | 乡镇 | required | choices=@townships
// @param kind: string | 类型（空为全部） | choices=乡贤,在外人才,返乡创业
// @display: table
MATCH (t:Township {code: $township})<-[:PART_OF]-(v:Village)<-[r:TALENT_OF]-(p:Person)
WHERE $kind IS NULL OR r.kind = $kind
RETURN v.code AS 村代码, v.name AS 村, p.person_id AS 人员编号, p.name AS 姓名, r.kind AS 类型,
       r.residence AS 所在地, r.last_contact AS 最近联系日期, r.contribution AS 反哺情况, r.amount AS 金额
ORDER BY 村代码, 人员编号
