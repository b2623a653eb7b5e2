// Record the schema version; sets nothing when it is already current, so `db init` twice changes nothing.
MERGE (v:SchemaVersion {name: 'bangfu'})
ON CREATE SET v.version = $version, v.applied_at = datetime()
WITH v
WHERE v.version <> $version
SET v.version = $version, v.applied_at = datetime()
