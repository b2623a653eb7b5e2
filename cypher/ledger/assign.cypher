// New responsibility or due date of a finding ($unit, $person, $due: null leaves it), recorded as one
// event with what it was and what it is now.
MATCH (f:Finding {finding_id: $id})
WITH f, {unit: f.responsible_unit, person: f.responsible_person, due: toString(f.due)} AS old
SET f.responsible_unit = coalesce($unit, f.responsible_unit),
    f.responsible_person = CASE WHEN $clear_person THEN null ELSE coalesce($person, f.responsible_person) END,
    f.due = coalesce($due, f.due)
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {
  kind: 'assign', at: datetime(), user: $user,
  old: '单位 ' + coalesce(old.unit, '—') + '；责任人 ' + coalesce(old.person, '—') + '；时限 ' + coalesce(old.due, '—'),
  new: '单位 ' + coalesce(f.responsible_unit, '—') + '；责任人 ' + coalesce(f.responsible_person, '—')
       + '；时限 ' + coalesce(toString(f.due), '—')})
RETURN f.finding_id AS id
