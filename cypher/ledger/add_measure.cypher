// A measure (整改措施 / 进展) written on a finding: dated, with its author. An open finding with its first
// measure goes from 待整改 to 整改中.
MATCH (f:Finding {finding_id: $id})
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'measure', at: datetime(), user: $user, date: $date, text: $text})
WITH f, f.status = '待整改' AS starts
SET f.status = CASE WHEN starts THEN '整改中' ELSE f.status END
RETURN f.status AS status
