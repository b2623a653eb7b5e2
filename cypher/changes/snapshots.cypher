// Snapshot loads whose date is in [$since, $until] (either may be null), oldest first, with what
// they recorded. With $region, only snapshots whose scope overlaps it (contains it or lies in it).
MATCH (l:Load)
WHERE l.snapshot_date IS NOT NULL
  AND ($since IS NULL OR l.snapshot_date >= $since) AND ($until IS NULL OR l.snapshot_date <= $until)
  AND ($region IS NULL OR EXISTS { MATCH (:Region {code: $region})-[:PART_OF*0..2]->(:Region {code: l.scope}) }
                       OR EXISTS { MATCH (:Region {code: l.scope})-[:PART_OF*1..2]->(:Region {code: $region}) })
OPTIONAL MATCH (s:Region {code: l.scope})
RETURN l.load_id AS load_id, l.snapshot_date AS snapshot_date, l.scope AS scope, s.name AS scope_name,
       l.started_at AS started_at, l.finished_at AS finished_at, l.user AS user,
       l.snapshot_counts AS counts, coalesce(l.allow_mass_end, false) AS allow_mass_end
ORDER BY snapshot_date, started_at
