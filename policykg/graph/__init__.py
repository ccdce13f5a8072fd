"""The graph: schema, Cypher, rows, the two backends, ingest and bulk loading."""
