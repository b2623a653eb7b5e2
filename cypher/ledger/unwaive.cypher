// A waiver withdrawn: the finding is open again (整改中 when it has measures, else 待整改).
MATCH (f:Finding {finding_id: $id})
WITH f, EXISTS { (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'measure'}) } AS has_measures
SET f.status = CASE WHEN has_measures THEN '整改中' ELSE '待整改' END
REMOVE f.waived_status, f.waived_reason, f.waived_by, f.waived_at
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'unwaive', at: datetime(), user: $user, text: $reason})
RETURN f.status AS status
