// 乡镇列表（选项来源 @townships）
MATCH (t:Township)
RETURN t.code AS value, t.name AS label
ORDER BY value
