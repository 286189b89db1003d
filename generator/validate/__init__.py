"""Load and validate: record files read safely and checked against the schema, each problem a located value."""
