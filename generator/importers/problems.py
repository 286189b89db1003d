"""Problems of an import: what could not be carried over, with the file and the JSON pointer of the value."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sanitise import visible
from ..texts import Texts

MESSAGES = Texts(
    "importer",
    da={
        "unreadable": "Filen kan ikke læses som JSON: {reason}",
        "not-hsds": "Her var ventet et HSDS-dokument (service, organization eller en liste).",
        "missing": "{field} mangler: det skal katalogets poster have.",
        "invalid": "{field}: {reason}",
        "not-mapped": "Kataloget har ikke plads til dette felt; det er ikke overført.",
        "unknown-term": "'{code}' findes ikke i katalogets {taxonomy}.",
        "other-taxonomy": "Termen hører til taksonomien '{taxonomy}', som kataloget ikke kender.",
        "outside-denmark": "Adressen ligger uden for Danmark ({country}); stedet er ikke overført.",
        "unknown-municipality": "Kommunen '{name}' kendes ikke; skriv en af de 98 kommuner.",
        "no-address": "Stedet har ingen fysisk adresse; det er ikke overført.",
        "summary": "Beskrivelsens første afsnit skal være 10-300 tegn: det bliver postens korte beskrivelse.",
        "schedule": "Tidsplanen kan ikke skrives som opening_hours ({reason}); teksten er gemt som note.",
        "no-organisation": "Organisationen kan ikke bestemmes; brug --organisation ID.",
        "exists": "{path} findes allerede; brug --replace for at overskrive.",
    },
    en={
        "unreadable": "The file cannot be read as JSON: {reason}",
        "not-hsds": "Expected an HSDS document here (service, organization or a list).",
        "missing": "{field} is missing: the catalogue's records need it.",
        "invalid": "{field}: {reason}",
        "not-mapped": "The catalogue has no place for this field; it was not carried over.",
        "unknown-term": "'{code}' is not in the catalogue's {taxonomy}.",
        "other-taxonomy": "The term belongs to the taxonomy '{taxonomy}', which the catalogue does not know.",
        "outside-denmark": "The address is outside Denmark ({country}); the place was not carried over.",
        "unknown-municipality": "The municipality '{name}' is unknown; use one of the 98 municipalities.",
        "no-address": "The place has no physical address; it was not carried over.",
        "summary": "The description's first paragraph must be 10-300 characters: it becomes the record's summary.",
        "schedule": "The schedule cannot be written as opening_hours ({reason}); its text is kept as a note.",
        "no-organisation": "The organisation cannot be told; use --organisation ID.",
        "exists": "{path} already exists; use --replace to overwrite it.",
    },
)


@dataclass(frozen=True)
class ImportProblem:
    source: str  # the file
    pointer: str  # JSON pointer (RFC 6901) of the value in that file
    code: str
    params: dict = field(default_factory=dict, compare=False)
    error: bool = True  # False: reported, but the record is still written

    def message(self, lang: str = "da") -> str:
        return MESSAGES.text(lang, self.code, **self.params)

    def text(self, lang: str = "da") -> str:
        level = "error" if self.error else "warning"
        # Keys and values of the imported file are shown, never obeyed by the terminal.
        return visible(f"{self.source}:{self.pointer or '/'}: {level}[{self.code}] {self.message(lang)}")


def pointer(*parts) -> str:
    """A JSON pointer (RFC 6901) of the given keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
