// A recorded check (集中排查): its as-of date, who recorded it and how (a snapshot load or by hand),
// its scope (a region code, or null: the whole graph), the rules it ran, and its figures (JSON text:
// the check summary, coverage per township, settings). The finding counts are set by finish_run.
CREATE (r:CheckRun {run_id: $run_id, as_of: $as_of, recorded_at: datetime(), user: $user,
                    load_id: $load_id, scope: $scope, rules: $rules, summary: $summary,
                    coverage: $coverage, settings: $settings, violations: $violations})
