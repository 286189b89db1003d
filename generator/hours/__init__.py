"""Opening hours: OpenStreetMap `opening_hours` read for Denmark, as weekly rules and as open intervals."""
