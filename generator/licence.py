"""The licence the open data is published under: one setting, shown on the site and in every export."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, e.g. CC-BY-4.0
    name: str
    url: str


KNOWN = {
    "CC0-1.0": Licence("CC0-1.0", "Creative Commons Zero v1.0 Universal",
                       "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": Licence("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
                         "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": Licence("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0 International",
                            "https://creativecommons.org/licenses/by-sa/4.0/"),
    "ODbL-1.0": Licence("ODbL-1.0", "Open Data Commons Open Database License v1.0",
                        "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": Licence("PDDL-1.0", "Open Data Commons Public Domain Dedication & License 1.0",
                        "https://opendatacommons.org/licenses/pddl/1-0/"),
}
DEFAULT = KNOWN["CC-BY-4.0"]


class LicenceError(ValueError):
    pass


def licence(identifier: str, name: str | None = None, url: str | None = None) -> Licence:
    """A known SPDX licence (name and URL may be overridden), or any other one given with name and URL."""
    known = KNOWN.get(identifier)
    if known is None and not (name and url):
        raise LicenceError(
            f"licence '{identifier}' is not one of {', '.join(KNOWN)}: give licence_name and licence_url as well"
        )
    if url and not url.startswith(("https://", "http://")):
        raise LicenceError(f"licence_url must start with https:// or http://, not '{url}'")
    return Licence(identifier, name or known.name, url or known.url)
