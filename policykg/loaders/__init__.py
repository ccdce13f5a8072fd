"""Files → typed records, without a database: read, normalise, find and resolve."""
