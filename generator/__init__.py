"""Welfare catalogue: load, validate, enrich, render and export records of Danish welfare offers."""
