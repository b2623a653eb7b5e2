// What the pages depend on, as a few counters that move whenever the data does; the web app keeps
// what it computed (rule results, figures, rendered pages) until one of them changes, and reads them
// on every request, so each is a count-store lookup, an index seek or a scan of a few nodes:
// - every load (bangfu load, a snapshot, an upload, db import, a restored store) leaves a Load node,
//   and sets its finished_at when it is done;
// - every recorded check (by hand, or a snapshot's) leaves a CheckRun, finished_at when its findings
//   are written;
// - every action on a finding (found, measure, assign, waive, unwaive, close, reopen) is a
//   FindingEvent, written in the same transaction as the change;
// - every decision on a report fact turns a 'proposed' ProposedFact into a decided one (a fact is
//   decided once), so decided = all facts − proposed ones only grows (loading a report adds
//   proposed facts, which change no figure, but are nodes: see the totals below);
// - and, for what changes the graph without bangfu (a restored backup, a bulk import, an edit in Neo4j
//   Browser), the count store's totals of nodes and relationships, less the nodes the web app writes
//   while it serves (AuditEvent on every saved query, AppUser, SavedView: the explorer's saved views,
//   and the stored queries analysts save, StoredQuery and StoredQueryVersion, which change no figure:
//   pages of stored queries are kept under the query's own version, graph/queries/stored.py).
CALL { MATCH (l:Load) RETURN count(l) AS loads, max(coalesce(l.finished_at, l.started_at)) AS last_load }
CALL { MATCH (r:CheckRun) RETURN count(r) AS checks, max(coalesce(r.finished_at, r.recorded_at)) AS last_check }
CALL { MATCH (e:FindingEvent) RETURN count(e) AS finding_events }
CALL { MATCH (f:ProposedFact) RETURN count(f) AS facts }
CALL { MATCH (f:ProposedFact) WHERE f.status = 'proposed' RETURN count(f) AS undecided }
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH (a:AuditEvent) RETURN count(a) AS audit_events }
CALL { MATCH (u:AppUser) RETURN count(u) AS app_users }
CALL { MATCH (s:SavedView) RETURN count(s) AS saved_views }
CALL { MATCH (q:StoredQuery) RETURN count(q) AS stored_queries }
CALL { MATCH (v:StoredQueryVersion) RETURN count(v) AS stored_versions }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN loads, toString(last_load) AS last_load, checks, toString(last_check) AS last_check,
       finding_events, facts - undecided AS decisions,
       nodes - audit_events - app_users - saved_views - stored_queries - stored_versions AS graph_nodes,
       relationships
