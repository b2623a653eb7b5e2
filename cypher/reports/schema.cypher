// Keys of the report side of the graph (idempotent); run by `bangfu load-report` before it writes.
CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (d:SourceDocument) REQUIRE d.doc_id IS UNIQUE;
CREATE CONSTRAINT proposed_fact_id IF NOT EXISTS FOR (f:ProposedFact) REQUIRE f.fact_id IS UNIQUE;
CREATE INDEX proposed_fact_status IF NOT EXISTS FOR (f:ProposedFact) ON (f.status);
