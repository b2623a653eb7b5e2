// 豁免: an admin says the rule does not apply to this subject (e.g. a village being merged), with a reason.
MATCH (f:Finding {finding_id: $id})
SET f.waived_status = f.status, f.status = '已豁免', f.waived_reason = $reason, f.waived_by = $user,
    f.waived_at = datetime()
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'waive', at: datetime(), user: $user, text: $reason})
RETURN f.status AS status
