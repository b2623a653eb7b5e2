// 村列表（选项来源 @villages），标签带所属乡镇
MATCH (v:Village)
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN v.code AS value, coalesce(t.name + ' ', '') + v.name AS label
ORDER BY value
