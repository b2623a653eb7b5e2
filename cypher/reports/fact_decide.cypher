// Record the decision on the fact itself (the audit log has it too).
MATCH (f:ProposedFact {fact_id: $fact_id})
SET f.status = $status, f.payload = $payload, f.result = $result, f.decided_by = $user,
    f.decided_at = datetime(), f.note = $note
REMOVE f.locked_at
