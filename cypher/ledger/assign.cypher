// New responsibility or due date of a finding ($unit, $person, $due: null leaves it), recorded as an
// event saying, by name, what it was and what it is now. A later due date ($extension_reason given:
// 延期) also counts the extension on the finding (extensions, first_due: the due date before any
// extension) and is recorded as an event of its own (延期) with the old and new dates and the reason; the
// responsibility event is left out when an extension is all that changed.
MATCH (f:Finding {finding_id: $id})
OPTIONAL MATCH (ou:Organization {code: f.responsible_unit})
OPTIONAL MATCH (op:Person {person_id: f.responsible_person})
WITH f, f.due AS old_due,
     {unit: coalesce(ou.name, f.responsible_unit), person: coalesce(op.name, f.responsible_person),
      due: toString(f.due)} AS old
SET f.responsible_unit = coalesce($unit, f.responsible_unit),
    f.responsible_person = CASE WHEN $clear_person THEN null ELSE coalesce($person, f.responsible_person) END,
    f.due = coalesce($due, f.due)
FOREACH (_ IN CASE WHEN $extension_reason IS NOT NULL THEN [1] ELSE [] END |
  SET f.extensions = coalesce(f.extensions, 0) + 1, f.first_due = coalesce(f.first_due, old_due),
      f.extended_on = date($today)
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {
    kind: 'extend', at: datetime(), user: $user, date: date($today), old_due: old_due, new_due: f.due,
    reason: $extension_reason,
    text: '整改时限由 ' + toString(old_due) + ' 延至 ' + toString(f.due) + '；理由：' + $extension_reason}))
WITH f, old
OPTIONAL MATCH (nu:Organization {code: f.responsible_unit})
OPTIONAL MATCH (np:Person {person_id: f.responsible_person})
FOREACH (_ IN CASE WHEN $extension_reason IS NULL OR $unit IS NOT NULL OR $person IS NOT NULL OR $clear_person
                    THEN [1] ELSE [] END |
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {
  kind: 'assign', at: datetime(), user: $user,
  old: '责任单位 ' + coalesce(old.unit, '—') + '；责任人 ' + coalesce(old.person, '—') + '；整改时限 ' + coalesce(old.due, '—'),
  new: '责任单位 ' + coalesce(nu.name, f.responsible_unit, '—') + '；责任人 ' + coalesce(np.name, f.responsible_person, '—')
       + '；整改时限 ' + coalesce(toString(f.due), '—')}))
RETURN f.finding_id AS id
