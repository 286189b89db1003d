"""`mkdocs serve`: watching the records and rebuilding only what an edit touched."""
