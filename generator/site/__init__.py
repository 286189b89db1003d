"""The public site: pages for every record, maps, search and "open now", rendered without MkDocs."""
