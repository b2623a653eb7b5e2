// Constraints and indexes of the graph model (docs/graph-model.md). Every statement is idempotent.
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT organization_code IF NOT EXISTS FOR (n:Organization) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.person_id IS UNIQUE;
CREATE CONSTRAINT household_id IF NOT EXISTS FOR (n:Household) REQUIRE n.household_id IS UNIQUE;
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.enterprise_id IS UNIQUE;
CREATE CONSTRAINT program_name IF NOT EXISTS FOR (n:Program) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.load_id IS UNIQUE;
CREATE CONSTRAINT schema_version_name IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT app_user_name IF NOT EXISTS FOR (n:AppUser) REQUIRE n.username IS UNIQUE;
CREATE CONSTRAINT saved_view_id IF NOT EXISTS FOR (n:SavedView) REQUIRE n.view_id IS UNIQUE;
CREATE INDEX saved_view_owner IF NOT EXISTS FOR (n:SavedView) ON (n.owner, n.name);
CREATE INDEX region_level IF NOT EXISTS FOR (n:Region) ON (n.level);
CREATE INDEX village_code IF NOT EXISTS FOR (n:Village) ON (n.code);
CREATE INDEX township_code IF NOT EXISTS FOR (n:Township) ON (n.code);
// Units and party organizations are looked up by code under their own label (loads, rules, queries):
// without these, each such MATCH scans the label once per row.
CREATE INDEX unit_code IF NOT EXISTS FOR (n:Unit) ON (n.code);
CREATE INDEX party_org_code IF NOT EXISTS FOR (n:PartyOrg) ON (n.code);
CREATE INDEX household_status IF NOT EXISTS FOR (n:Household) ON (n.status);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX household_head_name IF NOT EXISTS FOR (n:Household) ON (n.head_name);
// No index on ASSIGNED_TO.role (schema 4 drops the one schema 3 had): the loader's MERGE of an
// assignment, planned while the index was still nearly empty, sought every assignment of that role
// for each row (16,245 rows took 12 s at 100,000 households, 0.9 s without it). The rules start from
// villages or scan the type, which stays fast at 1,000,000 households (BENCHMARKS.md).
DROP INDEX assigned_role IF EXISTS;
CREATE INDEX post_is_secretary IF NOT EXISTS FOR ()-[r:HOLDS_POST]-() ON (r.is_secretary);
CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE TEXT INDEX searchable_text IF NOT EXISTS FOR (n:Searchable) ON (n.search_text);
// Work reports (loaders/reports): source documents and the facts proposed from them.
CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:SourceDocument) REQUIRE d.doc_id IS UNIQUE;
CREATE CONSTRAINT proposed_fact_id IF NOT EXISTS FOR (f:ProposedFact) REQUIRE f.fact_id IS UNIQUE;
CREATE INDEX proposed_fact_status IF NOT EXISTS FOR (f:ProposedFact) ON (f.status);
// Snapshots (loaders/snapshot.py): what each load changed, read per load by `bangfu changes`.
CREATE INDEX change_load IF NOT EXISTS FOR (c:Change) ON (c.load_id);
CREATE INDEX load_snapshot_date IF NOT EXISTS FOR (l:Load) ON (l.snapshot_date);
// Households whose roster presence is dated (LIVES_IN start or end): the few that whole-graph counts check.
CREATE INDEX lives_in_start IF NOT EXISTS FOR ()-[l:LIVES_IN]-() ON (l.start);
CREATE INDEX lives_in_end IF NOT EXISTS FOR ()-[l:LIVES_IN]-() ON (l.end);
// A help pair's kept latest visits (schema 11): visit_overdue seeks the few pairs not visited lately.
CREATE INDEX helps_visit_kinds IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.last_visit_kinds);
CREATE INDEX helps_latest_visit IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.latest_visit);
CREATE INDEX helps_home_visit IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.last_home_visit);
CREATE INDEX helps_phone_visit IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.last_phone_visit);
CREATE INDEX helps_video_visit IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.last_video_visit);
CREATE INDEX helps_other_visit IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.last_other_visit);
// Help pairs out of date on a day (ended before it, starting after it): help_pair asks only their households.
CREATE INDEX helps_start IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.start);
CREATE INDEX helps_end IF NOT EXISTS FOR ()-[r:HELPS]-() ON (r.end);
// 整改台账 (graph/ledger): recorded checks and the findings they track.
CREATE CONSTRAINT check_run_id IF NOT EXISTS FOR (r:CheckRun) REQUIRE r.run_id IS UNIQUE;
CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (f:Finding) REQUIRE f.finding_id IS UNIQUE;
CREATE INDEX finding_status IF NOT EXISTS FOR (f:Finding) ON (f.status);
CREATE INDEX finding_township IF NOT EXISTS FOR (f:Finding) ON (f.township_code);
CREATE INDEX finding_created_run IF NOT EXISTS FOR (f:Finding) ON (f.created_run);
// The ledger's pages read findings in this order (ledger/list: keyset paging, no sort of every finding).
CREATE INDEX finding_sort_key IF NOT EXISTS FOR (f:Finding) ON (f.sort_key);
CREATE INDEX check_run_as_of IF NOT EXISTS FOR (r:CheckRun) ON (r.as_of);
// The activity tables (shared/spec/activity-tables.md): nodes keyed like the roster's own tables.
CREATE CONSTRAINT inspection_id IF NOT EXISTS FOR (n:Inspection) REQUIRE n.inspection_id IS UNIQUE;
CREATE CONSTRAINT evaluation_id IF NOT EXISTS FOR (n:Evaluation) REQUIRE n.evaluation_id IS UNIQUE;
CREATE CONSTRAINT village_indicator_id IF NOT EXISTS FOR (n:VillageIndicator) REQUIRE n.indicator_id IS UNIQUE;
// Inspections with problems (the ledger's `inspection` findings) and 不称职 grades are looked up by value.
CREATE INDEX inspection_result IF NOT EXISTS FOR (n:Inspection) ON (n.result);
CREATE INDEX evaluation_grade IF NOT EXISTS FOR (n:Evaluation) ON (n.grade);
// The monitoring tables (shared/spec/monitoring.md): a household's clues and its help measures.
CREATE CONSTRAINT monitoring_id IF NOT EXISTS FOR (n:Monitoring) REQUIRE n.monitoring_id IS UNIQUE;
CREATE CONSTRAINT help_measure_id IF NOT EXISTS FOR (n:HelpMeasure) REQUIRE n.measure_id IS UNIQUE;
// Saved queries kept in Neo4j (graph/queries/stored.py): one name each, versions looked up by name.
CREATE CONSTRAINT stored_query_name IF NOT EXISTS FOR (q:StoredQuery) REQUIRE q.name IS UNIQUE;
CREATE INDEX stored_query_version_name IF NOT EXISTS FOR (v:StoredQueryVersion) ON (v.name);
// The audit log's hash chain (graph/audit_chain.py): one head node, entries walked by number.
CREATE CONSTRAINT audit_chain_name IF NOT EXISTS FOR (n:AuditChain) REQUIRE n.name IS UNIQUE;
CREATE INDEX audit_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.seq);
// Id and phone numbers are stored encrypted (graph/pii.py): a search by a full number goes by its keyed hash.
CREATE INDEX person_id_number_hash IF NOT EXISTS FOR (n:Person) ON (n.id_number_hash);
CREATE INDEX person_phone_hash IF NOT EXISTS FOR (n:Person) ON (n.phone_hash);
CREATE INDEX household_head_id_number_hash IF NOT EXISTS FOR (n:Household) ON (n.head_id_number_hash);
