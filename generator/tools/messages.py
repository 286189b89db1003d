"""What the `catalogue` command and its tools say, in Danish and English."""

from __future__ import annotations

from ..texts import Texts

MESSAGES = Texts(
    "command line",
    da={
        # usage errors (exit code 2)
        "no-root": "Kataloget {root} findes ikke. Kør kommandoen fra projektets rod, eller brug --root.",
        "no-path": "Stien {path} findes ikke.",
        "outside": "Stien {path} ligger ikke i kataloget {root}.",
        "new-ids": "Skriv: catalogue new organisation ORGANISATION-ID eller catalogue new service ORGANISATION-ID "
        "TILBUDDETS-ID.",
        "bad-id": "'{id}' er ikke et gyldigt id: brug små bogstaver, tal og bindestreger (æ=ae, ø=oe, å=aa).",
        "exists": "{path} findes allerede.",
        "no-organisation": "Organisationen {id} findes ikke endnu. Opret den først med: catalogue new organisation "
        "{id}",
        "synth-count": "--services skal være mindst 1.",
        "synth-not-empty": "{path} er ikke tom; vælg en ny mappe.",
        "synth-written": "Skrev {services} fra {organisations} til {out}.",
        "git": "Git kunne ikke sige, hvad der er ændret: {reason}",
        "no-boundaries": "Grænsefilen {path} kan ikke bruges: {reason}",
        # what the commands report
        "nothing-changed": "Ingen ændrede poster at kontrollere.",
        "exported": "Skrev datapakken til {out} ({total}).",
        "imported": "Skrev {files} til {out}; {problems}.",
        "check-imported": "Tjek dem med: catalogue validate",
        "new-written": "Skrev {path}. Udfyld de tomme felter, og kør: catalogue validate {path}",
        "needs-formatting": "{path}: opsætningen afviger fra katalogets faste form. Det retter kataloget selv, når "
        "ændringen er flettet ind; vil du selv rette det, så kør catalogue fmt, eller ret linjerne sådan:",
        "fmt-delete": "linje {line}: slet `{old}`",
        "fmt-delete-blank": "linje {line}: slet den tomme linje",
        "fmt-insert": "før linje {line}: indsæt `{new}`",
        "fmt-replace": "linje {line}: skriv `{new}` i stedet for `{old}`",
        "fmt-more": "… og {lines} mere",
        "fmt-title": "Formatering (retter kataloget selv efter sammenfletningen)",
        "formatted": "{path}: formateret",
        "cannot-format": "{path}: kan ikke læses; kør catalogue validate for at se hvorfor",
        "codeowners-stale": "{path} er ikke opdateret. Kør: catalogue codeowners",
        # (singular, plural) of each counted word
        "counted": {"files": ("fil", "filer"), "problems": ("problem", "problemer"), "lines": ("linje", "linjer"),
                    "services": ("tilbud", "tilbud"), "organisations": ("organisation", "organisationer")},
        # `catalogue new`: the comments of a template
        "template": {
            "required": "skal udfyldes",
            "optional": "valgfrit: fjern # for at bruge det",
            "allowed": "tilladte værdier",
            "see": "se",
            "header_service": "Et tilbud i velfærdskataloget.",
            "header_organisation": "En organisation i velfærdskataloget.",
            "guide": "Vejledning: docs/bidrag/ og schemas/. Tjek filen med: catalogue validate",
            "location": "Slet hele adresseblokken, hvis tilbuddet ikke har en fast adresse; udfyld så service_areas "
            "eller nationwide.",
        },
        # `catalogue stale`
        "stale": {
            "title": "Poster, der ikke er bekræftet i over 12 måneder",
            "head": "| Tilbud | Id | Organisation | Senest bekræftet | Dage | Vedligeholdere |",
            "none": "Alle poster er bekræftet inden for de seneste 12 måneder.",
        },
    },
    en={
        "no-root": "The catalogue {root} does not exist. Run the command from the project root, or use --root.",
        "no-path": "The path {path} does not exist.",
        "outside": "The path {path} is not inside the catalogue {root}.",
        "new-ids": "Write: catalogue new organisation ORGANISATION_ID or catalogue new service ORGANISATION_ID "
        "SERVICE_ID.",
        "bad-id": "'{id}' is not a valid id: use lower-case letters, digits and hyphens.",
        "exists": "{path} already exists.",
        "no-organisation": "The organisation {id} does not exist yet. Create it first with: catalogue new "
        "organisation {id}",
        "synth-count": "--services must be at least 1.",
        "synth-not-empty": "{path} is not empty; choose a new folder.",
        "synth-written": "Wrote {services} from {organisations} to {out}.",
        "git": "Git could not tell what changed: {reason}",
        "no-boundaries": "The boundaries file {path} cannot be used: {reason}",
        "nothing-changed": "No changed records to check.",
        "exported": "Wrote the data package to {out} ({total}).",
        "imported": "Wrote {files} to {out}; {problems}.",
        "check-imported": "Check them with: catalogue validate",
        "new-written": "Wrote {path}. Fill in the empty fields and run: catalogue validate {path}",
        "needs-formatting": "{path}: the layout differs from the catalogue's normal form. The catalogue fixes it "
        "itself once the change is merged; to fix it yourself, run catalogue fmt or change these lines:",
        "fmt-delete": "line {line}: delete `{old}`",
        "fmt-delete-blank": "line {line}: delete the empty line",
        "fmt-insert": "before line {line}: insert `{new}`",
        "fmt-replace": "line {line}: write `{new}` instead of `{old}`",
        "fmt-more": "… and {lines} more",
        "fmt-title": "Formatting (the catalogue fixes it itself after the merge)",
        "formatted": "{path}: formatted",
        "cannot-format": "{path}: cannot be read; run catalogue validate to see why",
        "codeowners-stale": "{path} is out of date. Run: catalogue codeowners",
        "counted": {"files": ("file", "files"), "problems": ("problem", "problems"), "lines": ("line", "lines"),
                    "services": ("service", "services"), "organisations": ("organisation", "organisations")},
        "template": {
            "required": "required",
            "optional": "optional: remove # to use it",
            "allowed": "allowed values",
            "see": "see",
            "header_service": "An offer in the welfare catalogue.",
            "header_organisation": "An organisation in the welfare catalogue.",
            "guide": "Guide: docs/en/contributing/ and schemas/. Check the file with: catalogue validate",
            "location": "Delete the whole location block if the offer has no fixed place; then fill in "
            "service_areas or nationwide.",
        },
        "stale": {
            "title": "Records not verified for more than 12 months",
            "head": "| Service | Id | Organisation | Last verified | Days | Maintainers |",
            "none": "Every record was verified within the last 12 months.",
        },
    },
)
