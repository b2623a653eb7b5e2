// The figures of a recorded check known once its findings are written, for the overview's chart and the
// bulletin: coverage per township (JSON text), open findings after it, and what it found new, closed and
// reopened.
MATCH (r:CheckRun {run_id: $run_id})
SET r.coverage = $coverage,
    r.open_findings = COUNT { MATCH (f:Finding) WHERE f.status IN ['待整改', '整改中'] },
    r.new_findings = $created, r.closed_findings = $closed, r.reopened_findings = $reopened,
    r.finished_at = datetime()
