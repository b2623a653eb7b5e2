// @title: 按姓名查找人员
// @category: 人员
// @description: 姓名包含所填文字的人员，及其工作单位、职级、政治面貌和联系电话（电话、身份证号按规定遮掩）。
// @param name: string | 姓名（可只填一部分） | required
// @param rank: string | 职级 | choices=县处级,乡科级,一般干部,村干部,其他
// @display: table
MATCH (p:Person)
WHERE p.name CONTAINS $name AND ($rank IS NULL OR p.rank = $rank)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.person_id AS 人员编号, p.name AS 姓名, p.gender AS 性别, p.rank AS 职级,
       p.political_status AS 政治面貌, o.name AS 工作单位,
       p {.id_number, .id_number_cipher} AS 身份证号, p {.phone, .phone_cipher} AS 联系电话
ORDER BY 人员编号
