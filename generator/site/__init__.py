"""The public site: pages for every record, maps, search, embeds and the generated contributor pages."""
