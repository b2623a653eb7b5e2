// 邻域的一步（export graph --node ID --depth N 每一层调用一次）：$ids 中各节点的全部关系及另一端节点。
// 参数：$ids（elementId 列表）、$limit（本步最多返回的关系数，防止一步取出整个图）。
MATCH p = (n)-[]-(m)
WHERE elementId(n) IN $ids AND NOT m:Load AND NOT m:SchemaVersion
RETURN p
LIMIT $limit
