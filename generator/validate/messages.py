"""Every word the validator says, in Danish and English: each problem's message and hint, and the words around them.

Templates take the problem's params by name; a contributor who is not a programmer must be able to act on the hint
alone. A param may be a `Phrase` (words from this table, in the reader's language) or a {"da": ..., "en": ...}
pair made from the schema's own titles and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sanitise import visible
from ..texts import Texts

WARNINGS = {"stale-record", "season-over"}

MESSAGES = Texts(
    "validator",
    da={
        "problems": {
        "file-unreadable": (
            "Filen kan ikke læses ({reason}).",
            "Tjek, at filen findes, og at den er en almindelig tekstfil.",
        ),
        "symlink": (
            "Her ligger et symbolsk link (symlink), ikke en almindelig fil eller mappe. Kataloget følger aldrig links.",
            "Slet linket, og læg selve filen (eller mappen) her i stedet.",
        ),
        "file-too-large": (
            "Filen fylder {size} byte; en post må højst fylde {limit} byte.",
            "En post er normalt under 10 KB. Er der kopieret noget forkert ind?",
        ),
        "file-not-utf8": (
            "Filen er ikke gemt som UTF-8 (byte {byte}).",
            "Gem filen som UTF-8. I GitHubs webeditor sker det af sig selv; i Word eller Notesblok vælg 'UTF-8' "
            "under 'Gem som'.",
        ),
        "yaml-syntax": (
            "YAML-filen kan ikke læses: {detail}.",
            "Tjek indrykningen (brug mellemrum, ikke tabulator), kolon efter hvert feltnavn og anførselstegn, der "
            "åbnes og lukkes.",
        ),
        "yaml-colon": (
            "Teksten i feltet '{key}' har et kolon efterfulgt af mellemrum, og så tror YAML, at der begynder et nyt "
            "felt.",
            "Sæt hele teksten i anførselstegn, så linjen bliver: {fixed}",
        ),
        "yaml-tab": (
            "Linjen er rykket ind med tabulator.",
            "Ryk ind med mellemrum i stedet (to mellemrum for hvert niveau). Slet tabulatoren, og skriv mellemrum.",
        ),
        "yaml-quote": (
            "Anførselstegnet her bliver aldrig lukket.",
            "Sæt det samme anførselstegn (\" eller ') sidst i teksten på samme linje.",
        ),
        "yaml-indent": (
            "Indrykningen passer ikke her.",
            "Felter på samme niveau skal stå lige under hinanden, rykket ind med mellemrum; et felt inde i en adresse "
            "under locations står to mellemrum længere inde end '- id:'. Står der et kolon i en tekst på den forrige "
            "linje, så sæt teksten i anførselstegn.",
        ),
        "yaml-reserved": (
            "En tekst kan ikke begynde med tegnet '{char}' uden anførselstegn.",
            "Sæt hele teksten i anførselstegn, så linjen bliver: {fixed}",
        ),
        "yaml-bracket": (
            "Listen, der begynder her med [ eller {{, bliver ikke lukket.",
            "Afslut listen med ] (eller }}) på samme linje, og adskil punkterne med komma, fx [da, en].",
        ),
        "yaml-duplicate-key": (
            "Feltet '{key}' står to gange (første gang i linje {first_line}).",
            "Slet det ene af dem, så hvert felt kun står én gang.",
        ),
        "yaml-alias": (
            "YAML-ankre og -aliasser (& og *) bruges ikke i kataloget.",
            "Skriv værdien helt ud. Skal teksten begynde med & eller *, så sæt den i anførselstegn.",
        ),
        "yaml-too-deep": (
            "Filen er indlejret for dybt (mere end {limit} niveauer eller for mange klammer).",
            "En post har kun få niveauer: felter, lister og adresser. Tjek klammerne [ ] og { }.",
        ),
        "yaml-complex-key": (
            "Et feltnavn skal være en enkelt tekst.",
            "Skriv feltnavnet efterfulgt af kolon, fx 'name: ...'.",
        ),
        "yaml-many-documents": (
            "Filen indeholder mere end én post (adskilt af ---).",
            "Læg hvert tilbud i sin egen fil under services/.",
        ),
        "not-a-mapping": (
            "Filen skal bestå af felter ('navn: værdi'), men indeholder {found}.",
            "Begynd med 'id: ...' på første linje og ét felt pr. linje.",
        ),
        "misplaced-file": (
            "Filen ligger et sted, hvor kataloget ikke leder efter poster.",
            "Organisationer ligger i catalogue/<id>/organisation.yaml og tilbud i "
            "catalogue/<id>/services/<tilbuddets-id>.yaml. Filnavne slutter på .yaml (ikke .yml).",
        ),
        "missing-organisation-file": (
            "Mappen {folder} har ingen organisation.yaml.",
            "Opret organisation.yaml i mappen med organisationens navn, type og kontaktoplysninger.",
        ),
        "required": (
            "Feltet mangler, men skal udfyldes: {title}.",
            "Tilføj fx '{key}: {example}'. {description}",
        ),
        "unknown-field": (
            "Feltet '{key}' findes ikke i skemaet.{suggestion}",
            "Ret stavningen eller slet feltet. Tilladte felter her: {allowed}.",
        ),
        "wrong-type": (
            "Værdien '{value}' er ikke {expected}.",
            "{description}",
        ),
        "too-short": (
            "Teksten er for kort (mindst {limit} tegn).",
            "{description}",
        ),
        "too-long": (
            "Teksten er {length} tegn; højst {limit} er tilladt.",
            "Gør teksten kortere. {description}",
        ),
        "too-few": (
            "Listen skal have mindst {limit} punkt.",
            "Skriv fx '{key}: [{example}]'. {description}",
        ),
        "pattern": (
            "Værdien '{value}' har ikke den rigtige form.",
            "{description} Eksempel: {example}",
        ),
        "not-allowed": (
            "Værdien '{value}' er ikke en af de tilladte.{suggestion}",
            "Tilladte værdier: {allowed}.",
        ),
        "below-minimum": (
            "Værdien {value} er mindre end {limit}.",
            "{description}",
        ),
        "above-maximum": (
            "Værdien {value} er større end {limit}.",
            "{description}",
        ),
        "id-mismatch": (
            "Id'et '{value}' passer ikke med {where} '{expected}'.",
            "Id og {where} skal være ens. Ret id'et til '{expected}', eller omdøb {where}.",
        ),
        "duplicate-id": (
            "Tilbuddets id '{value}' bruges også i {other}.",
            "Et tilbuds id skal være entydigt i hele kataloget. Giv filen et mere præcist navn, fx med byens navn, "
            "og ret id'et tilsvarende.",
        ),
        "duplicate-value": (
            "'{value}' står flere gange i listen.",
            "Slet gentagelsen.",
        ),
        "unknown-reference": (
            "'{value}' findes ikke blandt {target}.{suggestion}",
            "{allowed}",
        ),
        "partner-self": (
            "Organisationen er angivet som sin egen partner.",
            "Angiv kun andre organisationer under partners.",
        ),
        "control-character": (
            "Teksten har et usynligt styretegn ({char}) på plads {position}.",
            "Skriv teksten igen uden tegnet; det følger ofte med, når man kopierer fra et andet program. Styretegn og "
            "tegn, der vender skriveretningen, får teksten til at se anderledes ud, end den er, og tillades ikke.",
        ),
        "bad-opening-hours": (
            "Åbningstiden '{value}' kan ikke læses: {detail}.{fix}",
            "Skriv som OpenStreetMap opening_hours, fx \"Mo-Fr 09:00-15:00; Sa 10:00-13:00; PH off\". Dage: Mo Tu We "
            "Th Fr Sa Su, tider med to cifre (09:00), regler adskilt af semikolon, PH off = lukket på helligdage.",
        ),
        "bad-phone": (
            "'{value}' er ikke et gyldigt telefonnummer.",
            "Skriv et dansk nummer med 8 cifre, fx \"+45 70 10 20 30\" eller \"70 10 20 30\", i anførselstegn.",
        ),
        "bad-email": (
            "'{value}' er ikke en gyldig e-mailadresse ({detail}).",
            "Skriv adressen som navn@domæne.dk.",
        ),
        "bad-url": (
            "'{value}' er ikke en gyldig webadresse.",
            "Webadresser skal begynde med https:// (eller http://), fx https://example.org/.",
        ),
        "outside-denmark": (
            "Koordinaterne ({latitude}, {longitude}) ligger ikke i Danmark.",
            "Tjek, at breddegrad (ca. 54,5-57,8) og længdegrad (ca. 8-15,2) ikke er byttet om, og brug punktum som "
            "decimaltegn. Kopiér fx koordinaterne fra et kort.",
        ),
        "outside-municipality": (
            "Koordinaterne ligger i {found}, ikke i {stated}.",
            "Ret municipality_code til kommunen, stedet ligger i, eller ret koordinaterne. Kommunekoderne står i "
            "schemas/municipalities.csv.",
        ),
        "unknown-postcode": (
            "Postnummeret {value} findes ikke.",
            "Tjek postnummeret på adressen, fx på postnord.dk. Er det et helt nyt postnummer, så skriv til "
            "katalogets vedligeholdere i din pull request.",
        ),
        "postcode-elsewhere": (
            "Postnummeret {value} ({town}) ligger i {found}, ikke i {stated}.",
            "Ret postnummeret, eller ret municipality_code (og koordinaterne), så de passer med hinanden.",
        ),
        "age-range": (
            "Laveste alder ({age_min}) er højere end højeste alder ({age_max}).",
            "Byt om på age_min og age_max.",
        ),
        "fee-needs-description": (
            "Når der er betaling, skal det stå, hvad det koster.",
            "Tilføj fx 'cost_description: 50 kr. pr. gang. Kommunen kan betale for henviste børn.'",
        ),
        "season-order": (
            "Sæsonen slutter ({valid_to}) før den starter ({valid_from}).",
            "Tjek valid_from og valid_to.",
        ),
        "date-in-future": (
            "Datoen {value} ligger i fremtiden.",
            "last_verified er den dag, I sidst tjekkede posten, fx i dag.",
        ),
        "date-implausible": (
            "Datoen {value} er ikke sandsynlig.",
            "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-06-29.",
        ),
        "stale-record": (
            "Posten blev sidst bekræftet {value}, for mere end 12 måneder siden.",
            "Tjek, at alt stadig passer, og sæt last_verified til dagens dato.",
        ),
        "season-over": (
            "Sæsonen sluttede {value}, men status er stadig '{status}'.",
            "Sæt nye datoer for næste sæson, eller sæt status til paused eller closed.",
        ),
        "no-place": (
            "Tilbuddet har hverken en adresse (locations), et dækningsområde (service_areas) eller nationwide: true.",
            "Tilføj mindst én adresse, eller skriv hvilke kommuner tilbuddet dækker, så borgerne kan finde det.",
        ),
        },
        "expected": {"string": "en tekst", "integer": "et helt tal", "number": "et tal", "boolean": "true eller false",
                     "date": "en dato (ÅÅÅÅ-MM-DD)", "list": "en liste", "mapping": "en gruppe af felter"},
        "did_you_mean": " Mente du '{suggestion}'?",
        "phrases": {
            "nothing": "ingenting",
            "something_else": "noget andet",
            "folder": "mappens navn",
            "filename": "filnavnet",
            "allowed_values": "Tilladte værdier: {values}.",
            "partner_folder": "Partneren skal have sin egen mappe under catalogue/ med en organisation.yaml.",
            "see_list": "Se listen i {source}.",
        },
        # Why an opening-hours text cannot be read (hours/informal.py names the key), in a volunteer's words.
        "hours": {
            "informal": "den er skrevet med almindelige ord, ikke på OpenStreetMaps faste form",
            "every_other": "\"hver anden uge\" kan ikke skrives som en fast åbningstid. Skriv ugenumrene, fx "
            "`week 02-52/2 We 17:00-19:00` for onsdage i lige uger, eller skriv dagen og forklar resten i "
            "opening_hours_note",
            "appointment": "\"efter aftale\" er ingen åbningstid. Skriv det i opening_hours_note, og slet "
            "opening_hours, eller skriv de faste tider, hvor man kan ringe",
            "school_holidays": "skoleferier kender kataloget ikke. Skriv måneder eller datoer, fx `Jul off`, og "
            "forklar resten i opening_hours_note",
            "holidays_only": "der står kun, hvornår der er lukket. Skriv også, hvornår der er åbent, fx "
            "`Mo-Fr 09:00-15:00; PH off`",
            "closed_alone": "der står 'lukket', men ikke hvilke dage. Skriv fx `Su off`",
            "month": "en måned skal have en tid eller 'lukket' efter sig, fx `Jul off`",
            "unknown_word": "ordet '{word}' kendes ikke i en åbningstid. Dage skrives Mo Tu We Th Fr Sa Su, "
            "tider 09:00-17:00, helligdage PH",
            "no_time": "der mangler et klokkeslæt efter dagene, fx `Mo-Fr 09:00-17:00`",
            "time_form": "tider skrives med to cifre, kolon og minutter: 09:00-17:00, ikke 9-17 eller 9.00-17.00",
            "no_end": "der står, hvornår der åbner ({time}), men ikke hvornår der lukker. Skriv fx 17:00-20:00",
            "am_pm": "{start}-{end} kan læses på to måder. Skriv tiderne på 24-timers-form, fx 09:00-17:00",
            "invalid_time": "klokkeslættet {time} findes ikke (timer 00-24, minutter 00-59)",
            "empty": "der står ingen åbningstid",
            "incomplete": "teksten slutter, før åbningstiden er færdig",
            "at": "der er noget galt ved tegn {position} ('{near}')",
        },
        "hours_fix": " Mente du `{expression}`?",
        "targets": {"categories": "kategorierne", "target_groups": "målgrupperne",
                    "languages": "ISO 639-1-sprogkoderne", "municipalities": "de 98 kommunekoder",
                    "organisations": "organisationerne i kataloget"},
        "summary": "Kontrollerede {services} og {organisations}: {errors}, {warnings}{files}.",
        "summary_files": " i {n}",
        # (singular, plural) of each counted word
        "counted": {"services": ("tilbud", "tilbud"), "organisations": ("organisation", "organisationer"),
                    "errors": ("fejl", "fejl"), "warnings": ("advarsel", "advarsler"), "files": ("fil", "filer")},
        # `error`/`warning` stay English in every language: editors and CI problem matchers look for them.
        "labels": {"error": "error", "warning": "warning", "hint": "tip"},
        "table_head": "| Fil | Linje | Felt | Kode | Besked |",
    },
    en={
        "problems": {
        "file-unreadable": (
            "The file cannot be read ({reason}).",
            "Check that the file exists and is a plain text file.",
        ),
        "symlink": (
            "This is a symbolic link (symlink), not an ordinary file or folder. The catalogue never follows links.",
            "Delete the link and put the file (or folder) itself here instead.",
        ),
        "file-too-large": (
            "The file is {size} bytes; a record may be at most {limit} bytes.",
            "A record is normally under 10 KB. Was something pasted in by mistake?",
        ),
        "file-not-utf8": (
            "The file is not saved as UTF-8 (byte {byte}).",
            "Save the file as UTF-8. GitHub's web editor does this by itself; in other editors choose 'UTF-8' when "
            "saving.",
        ),
        "yaml-syntax": (
            "The YAML cannot be read: {detail}.",
            "Check the indentation (spaces, not tabs), a colon after each field name and quotes that are opened and "
            "closed.",
        ),
        "yaml-colon": (
            "The text of the field '{key}' has a colon followed by a space, so YAML thinks a new field begins.",
            "Put the whole text in quotes, so the line reads: {fixed}",
        ),
        "yaml-tab": (
            "The line is indented with a tab.",
            "Indent with spaces instead (two spaces for each level). Delete the tab and type spaces.",
        ),
        "yaml-quote": (
            "This quote is never closed.",
            "Put the same quote mark (\" or ') at the end of the text on the same line.",
        ),
        "yaml-indent": (
            "The indentation does not fit here.",
            "Fields on the same level must stand right below each other, indented with spaces; a field of a "
            "location under locations stands two spaces further in than '- id:'. If a text on the line before has "
            "a colon, put that text in quotes.",
        ),
        "yaml-reserved": (
            "A text cannot start with the character '{char}' without quotes.",
            "Put the whole text in quotes, so the line reads: {fixed}",
        ),
        "yaml-bracket": (
            "The list that starts here with [ or {{ is not closed.",
            "End the list with ] (or }}) on the same line, and separate the items with commas, e.g. [da, en].",
        ),
        "yaml-duplicate-key": (
            "The field '{key}' appears twice (first on line {first_line}).",
            "Delete one of them so each field appears only once.",
        ),
        "yaml-alias": (
            "YAML anchors and aliases (& and *) are not used in the catalogue.",
            "Write the value out in full. If the text starts with & or *, put it in quotes.",
        ),
        "yaml-too-deep": (
            "The file nests too deeply (more than {limit} levels or too many brackets).",
            "A record has only a few levels: fields, lists and locations. Check the brackets [ ] and { }.",
        ),
        "yaml-complex-key": (
            "A field name must be a single piece of text.",
            "Write the field name followed by a colon, e.g. 'name: ...'.",
        ),
        "yaml-many-documents": (
            "The file holds more than one record (separated by ---).",
            "Put each service in its own file under services/.",
        ),
        "not-a-mapping": (
            "The file must consist of fields ('name: value') but holds {found}.",
            "Start with 'id: ...' on the first line and one field per line.",
        ),
        "misplaced-file": (
            "The file lies where the catalogue does not look for records.",
            "Organisations go in catalogue/<id>/organisation.yaml and services in "
            "catalogue/<id>/services/<service-id>.yaml. File names end in .yaml (not .yml).",
        ),
        "missing-organisation-file": (
            "The folder {folder} has no organisation.yaml.",
            "Create organisation.yaml in the folder with the organisation's name, type and contact details.",
        ),
        "required": (
            "The field is missing but required: {title}.",
            "Add e.g. '{key}: {example}'. {description}",
        ),
        "unknown-field": (
            "The field '{key}' is not in the schema.{suggestion}",
            "Fix the spelling or remove the field. Allowed fields here: {allowed}.",
        ),
        "wrong-type": (
            "The value '{value}' is not {expected}.",
            "{description}",
        ),
        "too-short": (
            "The text is too short (at least {limit} characters).",
            "{description}",
        ),
        "too-long": (
            "The text is {length} characters; at most {limit} are allowed.",
            "Shorten the text. {description}",
        ),
        "too-few": (
            "The list needs at least {limit} item.",
            "Write e.g. '{key}: [{example}]'. {description}",
        ),
        "pattern": (
            "The value '{value}' does not have the right form.",
            "{description} Example: {example}",
        ),
        "not-allowed": (
            "The value '{value}' is not one of the allowed values.{suggestion}",
            "Allowed values: {allowed}.",
        ),
        "below-minimum": (
            "The value {value} is less than {limit}.",
            "{description}",
        ),
        "above-maximum": (
            "The value {value} is greater than {limit}.",
            "{description}",
        ),
        "id-mismatch": (
            "The id '{value}' does not match the {where} '{expected}'.",
            "The id and the {where} must be equal. Change the id to '{expected}', or rename the {where}.",
        ),
        "duplicate-id": (
            "The service id '{value}' is also used by {other}.",
            "Service ids must be unique in the whole catalogue. Give the file a more specific name, e.g. with the "
            "town's name, and change the id to match.",
        ),
        "duplicate-value": (
            "'{value}' appears more than once in the list.",
            "Delete the repetition.",
        ),
        "unknown-reference": (
            "'{value}' is not among the {target}.{suggestion}",
            "{allowed}",
        ),
        "partner-self": (
            "The organisation is listed as its own partner.",
            "List only other organisations under partners.",
        ),
        "control-character": (
            "The text holds an invisible control character ({char}) at position {position}.",
            "Type the text again without it; it often comes along when copying from another program. Control "
            "characters and characters that turn the writing direction make text look other than it is, and are "
            "not allowed.",
        ),
        "bad-opening-hours": (
            "The opening hours '{value}' cannot be read: {detail}.{fix}",
            "Write OpenStreetMap opening_hours, e.g. \"Mo-Fr 09:00-15:00; Sa 10:00-13:00; PH off\". Days: Mo Tu We "
            "Th Fr Sa Su, times with two digits (09:00), rules separated by semicolons, PH off = closed on public "
            "holidays.",
        ),
        "bad-phone": (
            "'{value}' is not a valid phone number.",
            "Write a Danish number with 8 digits, e.g. \"+45 70 10 20 30\" or \"70 10 20 30\", in quotes.",
        ),
        "bad-email": (
            "'{value}' is not a valid email address ({detail}).",
            "Write the address as name@domain.dk.",
        ),
        "bad-url": (
            "'{value}' is not a valid web address.",
            "Web addresses must start with https:// (or http://), e.g. https://example.org/.",
        ),
        "outside-denmark": (
            "The coordinates ({latitude}, {longitude}) are not in Denmark.",
            "Check that latitude (about 54.5-57.8) and longitude (about 8-15.2) are not swapped, and use a point as "
            "decimal mark. Copy the coordinates from a map, for example.",
        ),
        "outside-municipality": (
            "The coordinates lie in {found}, not in {stated}.",
            "Change municipality_code to the municipality the place lies in, or fix the coordinates. The "
            "municipality codes are in schemas/municipalities.csv.",
        ),
        "unknown-postcode": (
            "The postcode {value} does not exist.",
            "Check the postcode of the address, e.g. on postnord.dk. If it is a brand-new postcode, write to the "
            "catalogue's maintainers in your pull request.",
        ),
        "postcode-elsewhere": (
            "The postcode {value} ({town}) lies in {found}, not in {stated}.",
            "Fix the postcode, or fix municipality_code (and the coordinates), so that they agree.",
        ),
        "age-range": (
            "The youngest age ({age_min}) is higher than the oldest age ({age_max}).",
            "Swap age_min and age_max.",
        ),
        "fee-needs-description": (
            "When there is a fee, say what it costs.",
            "Add e.g. 'cost_description: 50 kr. a time. The municipality can pay for referred children.'",
        ),
        "season-order": (
            "The season ends ({valid_to}) before it starts ({valid_from}).",
            "Check valid_from and valid_to.",
        ),
        "date-in-future": (
            "The date {value} is in the future.",
            "last_verified is the day you last checked the record, e.g. today.",
        ),
        "date-implausible": (
            "The date {value} is not plausible.",
            "Write the date as YYYY-MM-DD, e.g. 2026-06-29.",
        ),
        "stale-record": (
            "The record was last verified on {value}, more than 12 months ago.",
            "Check that everything is still right and set last_verified to today's date.",
        ),
        "season-over": (
            "The season ended on {value} but the status is still '{status}'.",
            "Set new dates for the next season, or set status to paused or closed.",
        ),
        "no-place": (
            "The service has no location, no service_areas and is not nationwide: true.",
            "Add at least one location, or list the municipalities the offer covers, so people can find it.",
        ),
        },
        "expected": {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                     "date": "a date (YYYY-MM-DD)", "list": "a list", "mapping": "a group of fields"},
        "did_you_mean": " Did you mean '{suggestion}'?",
        "phrases": {
            "nothing": "nothing",
            "something_else": "something else",
            "folder": "folder name",
            "filename": "file name",
            "allowed_values": "Allowed values: {values}.",
            "partner_folder": "The partner needs its own folder under catalogue/ with an organisation.yaml.",
            "see_list": "See the list in {source}.",
        },
        "hours": {
            "informal": "it is written in ordinary words, not in OpenStreetMap's fixed form",
            "every_other": "\"every other week\" cannot be written as fixed opening hours. Write the week numbers, "
            "e.g. `week 02-52/2 We 17:00-19:00` for Wednesdays of even weeks, or write the day and explain the rest "
            "in opening_hours_note",
            "appointment": "\"by appointment\" is no opening time. Write it in opening_hours_note and delete "
            "opening_hours, or write the fixed times when people can call",
            "school_holidays": "the catalogue does not know school holidays. Write months or dates, e.g. `Jul off`, "
            "and explain the rest in opening_hours_note",
            "holidays_only": "it only says when it is closed. Also write when it is open, e.g. "
            "`Mo-Fr 09:00-15:00; PH off`",
            "closed_alone": "it says 'closed' but not on which days. Write e.g. `Su off`",
            "month": "a month needs a time or 'closed' after it, e.g. `Jul off`",
            "unknown_word": "the word '{word}' is not known in opening hours. Days are Mo Tu We Th Fr Sa Su, times "
            "09:00-17:00, public holidays PH",
            "no_time": "a time is missing after the days, e.g. `Mo-Fr 09:00-17:00`",
            "time_form": "times take two digits, a colon and minutes: 09:00-17:00, not 9-17 or 9.00-17.00",
            "no_end": "it says when it opens ({time}) but not when it closes. Write e.g. 17:00-20:00",
            "am_pm": "{start}-{end} can be read two ways. Write the times on the 24-hour clock, e.g. 09:00-17:00",
            "invalid_time": "the time {time} does not exist (hours 00-24, minutes 00-59)",
            "empty": "there are no opening hours",
            "incomplete": "the text ends before the opening hours are complete",
            "at": "something is wrong at character {position} ('{near}')",
        },
        "hours_fix": " Did you mean `{expression}`?",
        "targets": {"categories": "categories", "target_groups": "target groups",
                    "languages": "ISO 639-1 language codes", "municipalities": "98 municipality codes",
                    "organisations": "organisations in the catalogue"},
        "summary": "Checked {services} and {organisations}: {errors}, {warnings}{files}.",
        "summary_files": " in {n}",
        "counted": {"services": ("service", "services"), "organisations": ("organisation", "organisations"),
                    "errors": ("error", "errors"), "warnings": ("warning", "warnings"), "files": ("file", "files")},
        "labels": {"error": "error", "warning": "warning", "hint": "hint"},
        "table_head": "| File | Line | Field | Code | Message |",
    },
)


@dataclass(frozen=True)
class Phrase:
    """Words of this table's `phrases` (or another section) that a problem's params name, filled in the reader's
    language when the message is rendered."""

    key: str
    section: str = "phrases"
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def text(self, lang: str) -> str:
        return MESSAGES[lang][self.section][self.key].format(**self.params)


def severity(code: str) -> str:
    return "warning" if code in WARNINGS else "error"


def render(code: str, lang: str, params: dict) -> tuple[str, str]:
    """The message and hint of a problem in `lang`, its params filled."""
    local = {k: _local(v, lang) for k, v in params.items()}
    if local.get("expected") in MESSAGES[lang]["expected"]:
        local["expected"] = MESSAGES[lang]["expected"][local["expected"]]
    suggestion = local.get("suggestion")
    local["suggestion"] = MESSAGES[lang]["did_you_mean"].format(suggestion=suggestion) if suggestion else ""
    fix = local.get("fix")
    local["fix"] = MESSAGES[lang]["hours_fix"].format(expression=fix) if fix else ""
    message, hint = MESSAGES[lang]["problems"][code]
    # Values quoted from a record are shown, never obeyed: an escape sequence must not act on a terminal.
    return visible(message.format_map(_Blank(local))), visible(" ".join(hint.format_map(_Blank(local)).split()))


def _local(value, lang: str):
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""
