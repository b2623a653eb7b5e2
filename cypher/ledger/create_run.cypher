// A recorded check (集中排查): its as-of date, who recorded it and how (a snapshot load or by hand),
// its scope (a region code, or null: the whole graph), the rules it ran, and its figures (JSON text:
// the check summary, settings). The coverage per township and the finding counts are set by finish_run
// (the coverage is read while the findings are written).
CREATE (r:CheckRun {run_id: $run_id, as_of: $as_of, recorded_at: datetime(), user: $user,
                    load_id: $load_id, scope: $scope, rules: $rules, summary: $summary,
                    settings: $settings, violations: $violations})
