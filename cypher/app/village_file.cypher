// 村责任落实档案: the village, its flags and its party branches.
// Parameters: $code (village code).
MATCH (v:Village {code: $code})
RETURN v {.*} AS village,
       COLLECT { MATCH (v)<-[:GOVERNS]-(b:PartyOrg) RETURN b {.code, .name, .kind} AS b ORDER BY b.code } AS branches
