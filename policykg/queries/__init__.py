"""Questions asked of the graph: trace, lineage, responsibility, search, show, validate."""
