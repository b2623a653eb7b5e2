// 村责任落实档案: the village, its flags and its party branches.
// Parameters: $code (village code).
MATCH (v:Village {code: $code})
RETURN v {.*} AS village,
       [(v)<-[:GOVERNS]-(b:PartyOrg) | b {.code, .name, .kind}] AS branches
