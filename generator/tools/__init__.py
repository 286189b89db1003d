"""Contributor tools of the `catalogue` command: templates, formatting, CODEOWNERS, stale records, test data."""
