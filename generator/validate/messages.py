"""Every problem code with its severity and its message and hint in Danish and English.

Templates take the problem's params by name; a contributor who is not a programmer must be able to
act on the hint alone.
"""

from __future__ import annotations

WARNINGS = {"stale-record", "season-over"}

# code: {lang: (message, hint)}
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "file-unreadable": {
        "da": ("Filen kan ikke læses ({reason}).", "Tjek, at filen findes, og at den er en almindelig tekstfil."),
        "en": ("The file cannot be read ({reason}).", "Check that the file exists and is a plain text file."),
    },
    "file-too-large": {
        "da": ("Filen fylder {size} byte; en post må højst fylde {limit} byte.",
               "En post er normalt under 10 KB. Er der kopieret noget forkert ind?"),
        "en": ("The file is {size} bytes; a record may be at most {limit} bytes.",
               "A record is normally under 10 KB. Was something pasted in by mistake?"),
    },
    "file-not-utf8": {
        "da": ("Filen er ikke gemt som UTF-8 (byte {byte}).",
               "Gem filen som UTF-8. I GitHubs webeditor sker det af sig selv; i Word eller Notesblok vælg "
               "'UTF-8' under 'Gem som'."),
        "en": ("The file is not saved as UTF-8 (byte {byte}).",
               "Save the file as UTF-8. GitHub's web editor does this by itself; in other editors choose "
               "'UTF-8' when saving."),
    },
    "yaml-syntax": {
        "da": ("YAML-filen kan ikke læses: {detail}.",
               "Tjek indrykningen (brug mellemrum, ikke tabulator), kolon efter hvert feltnavn og "
               "anførselstegn, der åbnes og lukkes."),
        "en": ("The YAML cannot be read: {detail}.",
               "Check the indentation (spaces, not tabs), a colon after each field name and quotes "
               "that are opened and closed."),
    },
    "yaml-duplicate-key": {
        "da": ("Feltet '{key}' står to gange (første gang i linje {first_line}).",
               "Slet det ene af dem, så hvert felt kun står én gang."),
        "en": ("The field '{key}' appears twice (first on line {first_line}).",
               "Delete one of them so each field appears only once."),
    },
    "yaml-alias": {
        "da": ("YAML-ankre og -aliasser (& og *) bruges ikke i kataloget.",
               "Skriv værdien helt ud. Skal teksten begynde med & eller *, så sæt den i anførselstegn."),
        "en": ("YAML anchors and aliases (& and *) are not used in the catalogue.",
               "Write the value out in full. If the text starts with & or *, put it in quotes."),
    },
    "yaml-too-deep": {
        "da": ("Filen er indlejret for dybt (mere end {limit} niveauer eller for mange klammer).",
               "En post har kun få niveauer: felter, lister og adresser. Tjek klammerne [ ] og { }."),
        "en": ("The file nests too deeply (more than {limit} levels or too many brackets).",
               "A record has only a few levels: fields, lists and locations. Check the brackets [ ] and { }."),
    },
    "yaml-complex-key": {
        "da": ("Et feltnavn skal være en enkelt tekst.", "Skriv feltnavnet efterfulgt af kolon, fx 'name: ...'."),
        "en": ("A field name must be a single piece of text.",
               "Write the field name followed by a colon, e.g. 'name: ...'."),
    },
    "yaml-many-documents": {
        "da": ("Filen indeholder mere end én post (adskilt af ---).",
               "Læg hver tjeneste i sin egen fil under services/."),
        "en": ("The file holds more than one record (separated by ---).",
               "Put each service in its own file under services/."),
    },
    "not-a-mapping": {
        "da": ("Filen skal bestå af felter ('navn: værdi'), men indeholder {found}.",
               "Begynd med 'id: ...' på første linje og ét felt pr. linje."),
        "en": ("The file must consist of fields ('name: value') but holds {found}.",
               "Start with 'id: ...' on the first line and one field per line."),
    },
    "misplaced-file": {
        "da": ("Filen ligger et sted, hvor kataloget ikke leder efter poster.",
               "Organisationer ligger i catalogue/<id>/organisation.yaml og tjenester i "
               "catalogue/<id>/services/<tjeneste-id>.yaml. Filnavne slutter på .yaml (ikke .yml)."),
        "en": ("The file lies where the catalogue does not look for records.",
               "Organisations go in catalogue/<id>/organisation.yaml and services in "
               "catalogue/<id>/services/<service-id>.yaml. File names end in .yaml (not .yml)."),
    },
    "missing-organisation-file": {
        "da": ("Mappen {folder} har ingen organisation.yaml.",
               "Opret organisation.yaml i mappen med organisationens navn, type og kontaktoplysninger."),
        "en": ("The folder {folder} has no organisation.yaml.",
               "Create organisation.yaml in the folder with the organisation's name, type and contact details."),
    },
    "required": {
        "da": ("Feltet mangler, men skal udfyldes: {title}.", "Tilføj fx '{key}: {example}'. {description}"),
        "en": ("The field is missing but required: {title}.", "Add e.g. '{key}: {example}'. {description}"),
    },
    "unknown-field": {
        "da": ("Feltet '{key}' findes ikke i skemaet.{suggestion}",
               "Ret stavningen eller slet feltet. Tilladte felter her: {allowed}."),
        "en": ("The field '{key}' is not in the schema.{suggestion}",
               "Fix the spelling or remove the field. Allowed fields here: {allowed}."),
    },
    "wrong-type": {
        "da": ("Værdien '{value}' er ikke {expected}.", "{description}"),
        "en": ("The value '{value}' is not {expected}.", "{description}"),
    },
    "too-short": {
        "da": ("Teksten er for kort (mindst {limit} tegn).", "{description}"),
        "en": ("The text is too short (at least {limit} characters).", "{description}"),
    },
    "too-long": {
        "da": ("Teksten er {length} tegn; højst {limit} er tilladt.", "Gør teksten kortere. {description}"),
        "en": ("The text is {length} characters; at most {limit} are allowed.", "Shorten the text. {description}"),
    },
    "too-few": {
        "da": ("Listen skal have mindst {limit} punkt.", "Skriv fx '{key}: [{example}]'. {description}"),
        "en": ("The list needs at least {limit} item.", "Write e.g. '{key}: [{example}]'. {description}"),
    },
    "pattern": {
        "da": ("Værdien '{value}' har ikke den rigtige form.", "{description} Eksempel: {example}"),
        "en": ("The value '{value}' does not have the right form.", "{description} Example: {example}"),
    },
    "not-allowed": {
        "da": ("Værdien '{value}' er ikke en af de tilladte.{suggestion}", "Tilladte værdier: {allowed}."),
        "en": ("The value '{value}' is not one of the allowed values.{suggestion}", "Allowed values: {allowed}."),
    },
    "below-minimum": {
        "da": ("Værdien {value} er mindre end {limit}.", "{description}"),
        "en": ("The value {value} is less than {limit}.", "{description}"),
    },
    "above-maximum": {
        "da": ("Værdien {value} er større end {limit}.", "{description}"),
        "en": ("The value {value} is greater than {limit}.", "{description}"),
    },
    "id-mismatch": {
        "da": ("Id'et '{value}' passer ikke med {where} '{expected}'.",
               "Id og {where} skal være ens. Ret id'et til '{expected}', eller omdøb {where}."),
        "en": ("The id '{value}' does not match the {where} '{expected}'.",
               "The id and the {where} must be equal. Change the id to '{expected}', or rename the {where}."),
    },
    "duplicate-id": {
        "da": ("Tjeneste-id'et '{value}' bruges også i {other}.",
               "Tjeneste-id'er skal være entydige i hele kataloget. Giv filen et mere præcist navn, "
               "fx med byens navn, og ret id'et tilsvarende."),
        "en": ("The service id '{value}' is also used by {other}.",
               "Service ids must be unique in the whole catalogue. Give the file a more specific name, "
               "e.g. with the town's name, and change the id to match."),
    },
    "duplicate-value": {
        "da": ("'{value}' står flere gange i listen.", "Slet gentagelsen."),
        "en": ("'{value}' appears more than once in the list.", "Delete the repetition."),
    },
    "unknown-reference": {
        "da": ("'{value}' findes ikke blandt {target}.{suggestion}", "{allowed}"),
        "en": ("'{value}' is not among the {target}.{suggestion}", "{allowed}"),
    },
    "partner-self": {
        "da": ("Organisationen er angivet som sin egen partner.", "Angiv kun andre organisationer under partners."),
        "en": ("The organisation is listed as its own partner.", "List only other organisations under partners."),
    },
    "bad-opening-hours": {
        "da": ("Åbningstiden '{value}' kan ikke læses: {detail}.",
               "Skriv som OpenStreetMap opening_hours, fx \"Mo-Fr 09:00-15:00; Sa 10:00-13:00; PH off\". "
               "Dage: Mo Tu We Th Fr Sa Su, tider med to cifre (09:00), regler adskilt af semikolon, "
               "PH off = lukket på helligdage."),
        "en": ("The opening hours '{value}' cannot be read: {detail}.",
               "Write OpenStreetMap opening_hours, e.g. \"Mo-Fr 09:00-15:00; Sa 10:00-13:00; PH off\". "
               "Days: Mo Tu We Th Fr Sa Su, times with two digits (09:00), rules separated by semicolons, "
               "PH off = closed on public holidays."),
    },
    "bad-phone": {
        "da": ("'{value}' er ikke et gyldigt telefonnummer.",
               "Skriv et dansk nummer med 8 cifre, fx \"+45 70 10 20 30\" eller \"70 10 20 30\", i anførselstegn."),
        "en": ("'{value}' is not a valid phone number.",
               "Write a Danish number with 8 digits, e.g. \"+45 70 10 20 30\" or \"70 10 20 30\", in quotes."),
    },
    "bad-email": {
        "da": ("'{value}' er ikke en gyldig e-mailadresse ({detail}).", "Skriv adressen som navn@domæne.dk."),
        "en": ("'{value}' is not a valid email address ({detail}).", "Write the address as name@domain.dk."),
    },
    "bad-url": {
        "da": ("'{value}' er ikke en gyldig webadresse.",
               "Webadresser skal begynde med https:// (eller http://), fx https://example.org/."),
        "en": ("'{value}' is not a valid web address.",
               "Web addresses must start with https:// (or http://), e.g. https://example.org/."),
    },
    "outside-denmark": {
        "da": ("Koordinaterne ({latitude}, {longitude}) ligger ikke i Danmark.",
               "Tjek, at breddegrad (ca. 54,5-57,8) og længdegrad (ca. 8-15,2) ikke er byttet om, og brug "
               "punktum som decimaltegn. Kopiér fx koordinaterne fra et kort."),
        "en": ("The coordinates ({latitude}, {longitude}) are not in Denmark.",
               "Check that latitude (about 54.5-57.8) and longitude (about 8-15.2) are not swapped, and use a "
               "point as decimal mark. Copy the coordinates from a map, for example."),
    },
    "outside-municipality": {
        "da": ("Koordinaterne ligger i {found}, ikke i {stated} ({code}).",
               "Ret municipality_code til kommunen, stedet ligger i, eller ret koordinaterne."),
        "en": ("The coordinates lie in {found}, not in {stated} ({code}).",
               "Change municipality_code to the municipality the place lies in, or fix the coordinates."),
    },
    "age-range": {
        "da": ("Laveste alder ({age_min}) er højere end højeste alder ({age_max}).",
               "Byt om på age_min og age_max."),
        "en": ("The youngest age ({age_min}) is higher than the oldest age ({age_max}).",
               "Swap age_min and age_max."),
    },
    "fee-needs-description": {
        "da": ("Når der er betaling, skal det stå, hvad det koster.",
               "Tilføj fx 'cost_description: 50 kr. pr. gang. Kommunen kan betale for henviste børn.'"),
        "en": ("When there is a fee, say what it costs.",
               "Add e.g. 'cost_description: 50 kr. a time. The municipality can pay for referred children.'"),
    },
    "season-order": {
        "da": ("Sæsonen slutter ({valid_to}) før den starter ({valid_from}).", "Tjek valid_from og valid_to."),
        "en": ("The season ends ({valid_to}) before it starts ({valid_from}).", "Check valid_from and valid_to."),
    },
    "date-in-future": {
        "da": ("Datoen {value} ligger i fremtiden.", "last_verified er den dag, I sidst tjekkede posten, fx i dag."),
        "en": ("The date {value} is in the future.",
               "last_verified is the day you last checked the record, e.g. today."),
    },
    "date-implausible": {
        "da": ("Datoen {value} er ikke sandsynlig.", "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-06-29."),
        "en": ("The date {value} is not plausible.", "Write the date as YYYY-MM-DD, e.g. 2026-06-29."),
    },
    "stale-record": {
        "da": ("Posten blev sidst bekræftet {value}, for mere end 12 måneder siden.",
               "Tjek, at alt stadig passer, og sæt last_verified til dagens dato."),
        "en": ("The record was last verified on {value}, more than 12 months ago.",
               "Check that everything is still right and set last_verified to today's date."),
    },
    "season-over": {
        "da": ("Sæsonen sluttede {value}, men status er stadig '{status}'.",
               "Sæt nye datoer for næste sæson, eller sæt status til paused eller closed."),
        "en": ("The season ended on {value} but the status is still '{status}'.",
               "Set new dates for the next season, or set status to paused or closed."),
    },
    "no-place": {
        "da": ("Tjenesten har hverken en adresse (locations), et dækningsområde (service_areas) eller "
               "nationwide: true.",
               "Tilføj mindst én adresse, eller skriv hvilke kommuner tilbuddet dækker, så borgerne kan "
               "finde det."),
        "en": ("The service has no location, no service_areas and is not nationwide: true.",
               "Add at least one location, or list the municipalities the offer covers, so people can find it."),
    },
}

_EXPECTED = {
    "da": {"string": "en tekst", "integer": "et helt tal", "number": "et tal", "boolean": "true eller false",
           "date": "en dato (ÅÅÅÅ-MM-DD)", "list": "en liste", "mapping": "en gruppe af felter"},
    "en": {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
           "date": "a date (YYYY-MM-DD)", "list": "a list", "mapping": "a group of fields"},
}
_DID_YOU_MEAN = {"da": " Mente du '{0}'?", "en": " Did you mean '{0}'?"}


def severity(code: str) -> str:
    return "warning" if code in WARNINGS else "error"


def expected_label(kind: str, lang: str) -> str:
    return _EXPECTED[lang][kind]


def render(code: str, lang: str, params: dict) -> tuple[str, str]:
    """Fill the templates; params may hold per-language values as {"da": ..., "en": ...}."""
    local = {k: (v[lang] if isinstance(v, dict) and lang in v else v) for k, v in params.items()}
    if local.get("expected") in _EXPECTED[lang]:
        local["expected"] = _EXPECTED[lang][local["expected"]]
    local["suggestion"] = _DID_YOU_MEAN[lang].format(local["suggestion"]) if local.get("suggestion") else ""
    message, hint = MESSAGES[code][lang]
    return message.format_map(_Blank(local)), " ".join(hint.format_map(_Blank(local)).split())


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""
