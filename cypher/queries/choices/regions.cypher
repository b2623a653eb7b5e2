// 区划列表（选项来源 @regions）：县区、乡镇、村，标签带层级
MATCH (r:Region)
RETURN r.code AS value, r.name + '（' + coalesce(r.level, '') + '）' AS label
ORDER BY value
