"""`mkdocs serve` glue: rebuilding only the catalogue's pages when only records changed."""
