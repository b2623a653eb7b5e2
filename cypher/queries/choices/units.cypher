// 单位列表（选项来源 @units）
MATCH (u:Unit)
RETURN u.code AS value, u.name AS label
ORDER BY value
