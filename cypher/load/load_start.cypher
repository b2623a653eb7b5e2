// The Load node of a load that is starting: what it reads, who runs it, how. finished_at is set by
// load_finish; a Load without it is a load that did not complete (a re-run completes the data).
// A snapshot load also records its date, its scope (a region code) and whether --allow-mass-end was
// needed; these are null (not stored) for an ordinary load.
CREATE (l:Load {load_id: $load_id, started_at: datetime(), user: $user, files: $files,
                checksums: $checksums, row_counts: $row_counts, mode: $mode,
                snapshot_date: $snapshot_date, scope: $scope, allow_mass_end: $allow_mass_end})
