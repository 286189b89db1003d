"""Open data in: other formats turned into catalogue records (`catalogue import`)."""
