"""The licence the open data is published under: one setting, shown on the site and in every export."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, e.g. CC-BY-4.0
    name: str
    url: str
    types: tuple[str, ...] = ()  # what it asks of a user, as ADMS licence types (DCAT-AP): unknown for others


BY, SA, PD = "Attribution", "ViralEffect-ShareAlike", "PublicDomain"


KNOWN = {
    "CC0-1.0": Licence("CC0-1.0", "Creative Commons Zero v1.0 Universal",
                       "https://creativecommons.org/publicdomain/zero/1.0/", (PD,)),
    "CC-BY-4.0": Licence("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
                         "https://creativecommons.org/licenses/by/4.0/", (BY,)),
    "CC-BY-SA-4.0": Licence("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0 International",
                            "https://creativecommons.org/licenses/by-sa/4.0/", (BY, SA)),
    "ODbL-1.0": Licence("ODbL-1.0", "Open Data Commons Open Database License v1.0",
                        "https://opendatacommons.org/licenses/odbl/1-0/", (BY, SA)),
    "PDDL-1.0": Licence("PDDL-1.0", "Open Data Commons Public Domain Dedication & License 1.0",
                        "https://opendatacommons.org/licenses/pddl/1-0/", (PD,)),
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
    if known is None:
        return Licence(identifier, name, url)
    # Another address may be another text (a translation, a variant): its terms are not known for certain.
    same_text = url in (None, "", known.url)
    return Licence(identifier, name or known.name, url or known.url, known.types if same_text else ())
