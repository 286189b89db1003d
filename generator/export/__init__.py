"""Open data out: the catalogue in the formats other systems read."""
