"""A roster as the CSV files of Neo4j's offline bulk importer (`neo4j-admin database import full`).

Why: `bangfu load` writes through transactions that MERGE every row (right for the incremental loads
of a county, hours for a province's first load); the bulk importer builds a new store from CSV
files an order of magnitude faster, but knows nothing of MERGE. This package gives it exactly the
graph `bangfu load` would write into an empty database:

* the same validation (`loaders.validate` against an empty graph, the same problems and messages;
  with any error nothing is written);
* the same rows: each accepted row goes through the loader's own steps (`graph.tables.STEPS`) and
  batches (`loaders.write.batches`), so properties, types and search text are what the Cypher of
  `cypher/load/` would set; each step also declares what its Cypher writes (`Step.writes`: labels,
  relationship type, end nodes, merge key), the one thing the importer needs and the builders do not say;
* what MERGE would have merged: Program nodes once per name; a relationship row whose merge key
  (end nodes + key properties) repeats an earlier one is merged into it, as `SET r += props` would;
* the same provenance: `created_load` everywhere and a `Load` node with the files, checksums, row
  counts and the summary `bangfu load` would record (its `loaders.write.Changes`).

Rows are streamed from the roster to the output files; what stays in memory is the validator's keys
(as for `bangfu load`), the villages' codes and program names (small). Repeated relationship keys
are found through 8-byte hashes spilled to partition files and sorted one partition at a time.

Modules: `export` (the entry point `export_admin_import`, the report, the `Load` node), `exporter` (the
walk over the steps, rows into files), `encoding` (importer types and CSV fields of values), `files`
(header and data files, the manifest), `merge` (repeated relationship keys found and merged).
"""
