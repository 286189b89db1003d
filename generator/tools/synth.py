"""A valid synthetic catalogue for benchmarks and scale tests: varied, realistic and deterministic.

`write_catalogue(out, services, seed)` writes `out/<organisation>/organisation.yaml` and
`out/<organisation>/services/<service>.yaml`. The same seed gives byte-identical files: all randomness
comes from one `random.Random(seed)`, and dates are relative to the fixed REFERENCE_DATE, never today.

Vocabularies, enums, field names and their order come from the schema; the word lists below only add
what the schema does not hold (names, streets, phrases), and any id they suggest is used only when the
schema knows it. Files are built as plain strings: every string is written as a JSON string, which is
also a valid YAML double-quoted scalar, so postcodes, codes, phone numbers and times read back exactly.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) uses for a str
from pathlib import Path

from ..schema import Schema, Table, load_schema

# "Now" for the synthetic data: no last_verified is later, seasonal offers end after it.
REFERENCE_DATE = dt.date(2026, 11, 1)
SERVICES_PER_ORGANISATION = 20
JITTER = 0.0005  # degrees around the municipality centre, which lies well inside its main land area
VERIFIED_WITHIN_DAYS = 334  # about 11 months before REFERENCE_DATE
HEADER = "# Synthetic test data written by `catalogue synth`: not a real offer.\n"

# Share of services by kind of place; the rest have one or two fixed locations.
NATIONWIDE = 0.05
AREAS = 0.05
TWO_LOCATIONS = 0.10
SEASONAL = 0.06
PARTNERS = 0.12
MUNICIPAL_PARTNERS = 0.15
HOME = 0.85  # services of a local organisation in its own municipality; the rest in a neighbouring one
NEIGHBOURS = 4

# The postcode area around each municipality's centre point (DAGI postcode areas), and its town.
POSTCODES = {
    "101": ("1360", "København K"), "147": ("2000", "Frederiksberg"), "151": ("2750", "Ballerup"),
    "153": ("2605", "Brøndby"), "155": ("2791", "Dragør"), "157": ("2820", "Gentofte"),
    "159": ("2860", "Søborg"), "161": ("2600", "Glostrup"), "163": ("2730", "Herlev"),
    "165": ("2620", "Albertslund"), "167": ("2650", "Hvidovre"), "169": ("2630", "Taastrup"),
    "173": ("2800", "Kongens Lyngby"), "175": ("2610", "Rødovre"), "183": ("2635", "Ishøj"),
    "185": ("2770", "Kastrup"), "187": ("2625", "Vallensbæk"), "190": ("3500", "Værløse"),
    "201": ("3450", "Allerød"), "210": ("3480", "Fredensborg"), "217": ("3000", "Helsingør"),
    "219": ("3400", "Hillerød"), "223": ("2970", "Hørsholm"), "230": ("2840", "Holte"),
    "240": ("3670", "Veksø Sjælland"), "250": ("3630", "Jægerspris"), "253": ("2670", "Greve"),
    "259": ("4600", "Køge"), "260": ("3390", "Hundested"), "265": ("4000", "Roskilde"),
    "269": ("2680", "Solrød Strand"), "270": ("3200", "Helsinge"), "306": ("4572", "Nørre Asmindrup"),
    "316": ("4420", "Regstrup"), "320": ("4640", "Faxe"), "326": ("4490", "Jerslev Sjælland"),
    "329": ("4100", "Ringsted"), "330": ("4200", "Slagelse"), "336": ("4660", "Store Heddinge"),
    "340": ("4180", "Sorø"), "350": ("4060", "Kirke Såby"), "360": ("4920", "Søllested"),
    "370": ("4700", "Næstved"), "376": ("4800", "Nykøbing Falster"), "390": ("4760", "Vordingborg"),
    "400": ("3760", "Gudhjem"), "410": ("5592", "Ejby"), "420": ("5620", "Glamsbjerg"),
    "430": ("5750", "Ringe"), "440": ("5300", "Kerteminde"), "450": ("5853", "Ørbæk"),
    "461": ("5250", "Odense SV"), "479": ("5771", "Stenstrup"), "480": ("5471", "Søndersø"),
    "482": ("5900", "Rudkøbing"), "492": ("5970", "Ærøskøbing"), "510": ("6500", "Vojens"),
    "530": ("7190", "Billund"), "540": ("6440", "Augustenborg"), "550": ("6240", "Løgumkloster"),
    "561": ("6771", "Gredstedbro"), "563": ("6720", "Fanø"), "573": ("6800", "Varde"),
    "575": ("6650", "Brørup"), "580": ("6200", "Aabenraa"), "607": ("7000", "Fredericia"),
    "615": ("8752", "Østbirk"), "621": ("6000", "Kolding"), "630": ("7300", "Jelling"),
    "657": ("7400", "Herning"), "661": ("7500", "Holstebro"), "665": ("7620", "Lemvig"),
    "671": ("7600", "Struer"), "706": ("8400", "Ebeltoft"), "707": ("8586", "Ørum Djurs"),
    "710": ("8870", "Langå"), "727": ("8300", "Odder"), "730": ("8981", "Spentrup"),
    "740": ("8600", "Silkeborg"), "741": ("8305", "Samsø"), "746": ("8680", "Ry"),
    "751": ("8220", "Brabrand"), "756": ("7361", "Ejstrupholm"), "760": ("6900", "Skjern"),
    "766": ("8781", "Stenderup"), "773": ("7950", "Erslev"), "779": ("7860", "Spøttrup"),
    "787": ("7700", "Thisted"), "791": ("8800", "Viborg"), "810": ("9320", "Hjallerup"),
    "813": ("9900", "Frederikshavn"), "820": ("9600", "Aars"), "825": ("9940", "Læsø"),
    "840": ("9575", "Terndrup"), "846": ("9500", "Hobro"), "849": ("9490", "Pandrup"),
    "851": ("9260", "Gistrup"), "860": ("9800", "Hjørring"),
}
# Landline prefixes by region code; 70 is a nationwide number.
PHONE_PREFIXES = {
    "1081": ("96", "98", "99"),
    "1082": ("86", "87", "89", "96", "97"),
    "1083": ("62", "63", "65", "66", "73", "74", "75", "76"),
    "1084": ("33", "35", "38", "44", "45", "48"),
    "1085": ("46", "55", "57", "59"),
}
MOBILE_PREFIXES = ("20", "22", "28", "30", "40", "42", "50", "60", "61", "71", "81", "91", "93")

# Relative weights of enum values; a value the schema adds later gets weight 1.
ORGANISATION_TYPES = {"association": 50, "ngo": 10, "municipality": 10, "region": 3, "self-governing": 8,
                      "church": 8, "company": 5, "other": 6}
SPREAD_TYPES = {"ngo"}  # national organisations with local branches all over the country
STATUSES = {"active": 90, "paused": 7, "closed": 3}
COSTS = {"free": 70, "fee": 30}
ACCESS_ROUTES = {"self-referral": 70, "municipal-referral": 20, "professional-referral": 10}
WHEELCHAIR = {"yes": 60, "limited": 25, "no": 15}
# Languages spoken besides Danish, weighted; only codes the schema's language table holds are used.
EXTRA_LANGUAGES = {"en": 40, "ar": 10, "uk": 10, "so": 5, "tr": 5, "pl": 5, "fa": 5, "ur": 3, "ti": 3,
                   "de": 3, "ro": 3, "ru": 2, "ps": 2, "ku": 2, "bs": 1, "sq": 1, "vi": 1, "th": 1, "tl": 1,
                   "es": 1, "fr": 1, "sv": 1, "no": 1, "lt": 1}
LANGUAGE_COUNTS = {1: 50, 2: 30, 3: 15, 4: 5}

# (name, suggested category, suggested target group, what happens)
KINDS = [
    ("Familieklub", "family-support", "vulnerable-families", "Fællesspisning, leg og snak for hele familien"),
    ("Lektiecafé", "homework-education", "children", "Frivillige hjælper med lektierne"),
    ("Sommerlejr", "holidays-camps", "children", "En uge med leg, natur og nye venner"),
    ("Ferieophold", "holidays-camps", "vulnerable-families", "Et par dage væk fra hverdagen"),
    ("Mentorordning", "mentoring", "young-people", "En frivillig voksen at mødes med hver anden uge"),
    ("Idrætsklub", "sports-leisure", "children", "Idræt og bevægelse i et trygt fællesskab"),
    ("Handicapidræt", "sports-leisure", "disabilities", "Træning tilpasset den enkelte"),
    ("Ungdomsklub", "sports-leisure", "young-people", "Musik, spil og værksteder om aftenen"),
    ("Sprogcafé", "integration", "refugees-migrants", "Dansktræning over en kop kaffe"),
    ("Netværksgruppe", "integration", "refugees-migrants", "Hjælp til at finde vej i det danske samfund"),
    ("Seniorklub", "community", "older-people", "Hyggeligt samvær, foredrag og udflugter"),
    ("Besøgsven", "community", "lonely", "En fast besøgsven, der kommer forbi hver uge"),
    ("Fællesspisning", "food-meals", "lonely", "Et varmt måltid i godt selskab"),
    ("Babycafé", "young-children", "infants", "Et mødested for forældre med de mindste"),
    ("Mødregruppe", "young-children", "pregnant", "Snak og erfaringer for nybagte forældre"),
    ("Gåhold", "health", "older-people", "Gåture i roligt tempo med pauser undervejs"),
    ("Samtalegruppe", "mental-health", "mental-illness", "Samtaler i en lille gruppe med en frivillig"),
    ("Natcafé", "homelessness", "homeless", "Et varmt sted at være om natten"),
    ("Gældsrådgivning", "counselling", "adults", "Råd om gæld, budget og breve fra det offentlige"),
    ("Værested", "drop-in", "adults", "Kom forbi til kaffe, spil og en snak"),
    ("Jobcafé", "employment", "unemployed", "Hjælp til ansøgning, CV og jobsøgning"),
    ("Pårørendegruppe", "addiction", "relatives", "Støtte til dig, der er pårørende til en med et misbrug"),
    ("Handyhjælp", "practical-help", "older-people", "Frivillige hjælper med små praktiske opgaver"),
    ("Aflastning", "family-support", "relatives", "Et pusterum for familier med et sygt barn"),
    ("Frivilligformidling", "community", "volunteers", "Find et frivilligt job, der passer til dig"),
]
REMOTE_KINDS = [
    ("Rådgivningslinje", "counselling", "adults", "Anonym rådgivning over telefonen"),
    ("Børnetelefon", "counselling", "children", "Ring og tal med en voksen om det, der fylder"),
    ("Chatrådgivning", "mental-health", "young-people", "Skriv anonymt med en frivillig rådgiver"),
    ("Pårørendelinje", "counselling", "relatives", "Råd og støtte til pårørende"),
    ("Onlinefællesskab", "community", "lonely", "Mødes med andre på nettet"),
]
AGES = {  # suggested target group: age ranges to choose from
    "infants": [(0, 3), (0, 2)], "children": [(4, 12), (6, 12), (6, 17), (0, 17)],
    "young-people": [(13, 17), (13, 29), (15, 25), (16, 30)], "older-people": [(60, None), (65, None)],
    "pregnant": [(None, None)], "volunteers": [(16, None), (18, None)],
}
GENERAL_AGES = [(None, None), (None, None), (18, None), (18, 65), (0, 17), (25, None)]
ORGANISATION_NAMES = {
    "association": ["Foreningen Fællesskab {m}", "Frivilligcenter {m}", "Foreningen Sammen {m}",
                    "Boligsocialt Netværk {m}", "Gadeholdet {m}", "Foreningen Nabohjælp {m}"],
    "ngo": ["Dansk Familieforum, {m}", "Landsforeningen Nærvær, {m}", "Danske Frivillige Hjælpere, {m}",
            "Foreningen Børn i Trivsel, {m}", "Netværk for Nydanskere, {m}"],
    "municipality": ["{m} Kommune, Familieafdelingen", "{m} Kommune, Ældre og Sundhed",
                     "{m} Kommune, Kultur og Fritid", "{m} Kommune, Jobcentret"],
    "region": ["{r}, Psykiatrien", "{r}, Børne- og Ungdomspsykiatrien", "{r}, Sundhedshuset"],
    "self-governing": ["Krisecentret {m}", "Ungdomshuset {m}", "Højskolen {m}", "Bostedet {m}"],
    "church": ["Menighedsplejen {m}", "Kirkens Sociale Arbejde {m}", "Sognegården {m}"],
    "company": ["Café Fællesskab {m} ApS", "Socialøkonomisk Værksted {m}", "Grønne Hænder {m} ApS"],
    "other": ["Netværket {m}", "Borgerinitiativet {m}", "Projekt Medborger {m}"],
}
GENERIC_ORGANISATION_NAMES = ["Tilbudsnetværket {m}"]
DEPARTMENTS = ["Sundhedsplejen", "Jobcentret", "Familieafdelingen", "Ældre og Sundhed", "PPR", "SSP",
               "Socialpsykiatrien", "Borgerservice", "Kultur og Fritid", "Integrationsteamet"]
STREETS = ["Vestergade", "Østergade", "Nørregade", "Søndergade", "Kirkevej", "Skolevej", "Stationsvej",
           "Møllevej", "Havnegade", "Torvet", "Bygaden", "Parkvej", "Skovvej", "Engvej", "Algade",
           "Storegade", "Jernbanegade", "Kongensgade", "Bøgevej", "Birkevej", "Lindevej", "Egevej", "Åvej",
           "Rådhusstræde"]
PLACES = ["Kulturhuset", "Medborgerhuset", "Biblioteket", "Sognegården", "Fritidscentret", "Aktivitetshuset",
          "Frivilligcentret", "Idrætshallen", "Beboerhuset", "Sundhedshuset", "Værestedet", "Klubhuset"]
FIRST_NAMES = ["anne", "mette", "hanne", "lars", "jens", "peter", "sofie", "mads", "fatima", "ali", "olena",
               "amina", "kirsten", "søren", "ida", "emil", "freja", "omar", "maja", "niels"]
LAST_NAMES = ["hansen", "jensen", "nielsen", "pedersen", "andersen", "larsen", "sørensen", "rasmussen",
              "frivillig", "madsen", "kristensen", "olsen"]
BULLETS = ["Vi starter altid med kaffe og te.", "Der er altid en frivillig, du kan tale med.",
           "Du må gerne tage en ven med.", "Vi holder pause i skolernes ferier.",
           "Der er plads til børn i alle aldre.", "Vi taler dansk, men hjælper gerne på andre sprog.",
           "Du kan være anonym, og vi skriver ikke noget ned.", "Vi laver mad sammen af det, der er i sæson.",
           "Der er elevator og handicaptoilet.", "Du bestemmer selv, hvor meget du vil deltage."]
CLOSINGS = ["Alle er velkomne.", "Du behøver ikke melde dig til.", "Ring gerne, hvis du har spørgsmål.",
            "Skriv til os, hvis du vil vide mere."]
ACCESS_TEXT = {
    "self-referral": ["Mød bare op.", "Mød bare op. Du kan også ringe og høre mere.",
                      "Skriv eller ring, så finder vi en tid."],
    "municipal-referral": ["Spørg din sagsbehandler i kommunen om en henvisning."],
    "professional-referral": ["Din læge, sundhedsplejerske eller skole kan henvise dig."],
}
ELIGIBILITY = ["Du skal bo i kommunen.", "Tilbuddet er for familier med børn under 18 år.",
               "Du skal være fyldt 18 år.", "Der er plads til 12 deltagere ad gangen."]
COST_TEXT = ["{n} kr. pr. gang.", "{n} kr. om året i kontingent. Kommunen kan hjælpe med betalingen.",
             "{n} kr. for hele opholdet inklusive mad. Spørg om friplads.", "{n} kr. pr. måned."]
ACCESSIBILITY = ["Trappefri adgang fra gaden og handicaptoilet.", "Der er to trin ved indgangen.",
                 "Lokalet ligger på 1. sal uden elevator.", "Teleslynge i salen."]
HOURS_NOTES = ["Lukket i skolernes sommerferie.", "Ring gerne, før du kommer første gang.",
               "Sidste fredag i måneden holder vi fest."]
# OpenStreetMap opening_hours values, from daytime to evenings and weekends.
OPENING_HOURS = [
    "Mo-Fr 09:00-15:00; PH off", "We 17:00-20:00; PH off", "Mo,We 16:00-19:00; PH off",
    "Tu,Th 18:00-21:30; PH off", "Sa 10:00-14:00; PH off", "Sa,Su 10:00-16:00; PH off",
    "Mo-Th 18:00-22:00; PH off", "Fr 19:00-23:00; PH off", "Mo-Fr 08:00-16:00; Sa 10:00-13:00; PH off",
    "Su 11:00-15:00; PH off", "Mo-Fr 09:00-12:00,13:00-15:00; PH off", "Th 17:30-19:30; PH off",
    "Mo-Fr 16:00-22:00; Sa,Su 12:00-18:00; PH off", "Tu 10:00-12:00; Th 18:00-20:00; PH off",
    "Mo-Fr 18:00-02:00; PH off", "Sa 09:30-12:30; PH off",
]
REMOTE_OPENING_HOURS = ["24/7", "Mo-Su 10:00-22:00", "Mo-Fr 09:00-21:00; Sa,Su 12:00-18:00; PH off",
                        "Mo-Th 18:00-22:00; PH off", "Mo-Fr 09:00-15:00; PH off"]


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str
    region_name: str
    lat: float
    lon: float
    postcode: str
    city: str


@dataclass
class Organisation:
    id: str
    name: str
    type: str
    home: Municipality


class Vocabulary:
    """What the schema allows, in a fixed order so the same seed always draws the same values."""

    def __init__(self, schema: Schema):
        services, organisations = schema.record_table("service"), schema.record_table("organisation")
        nested = {n.key: n for n in schema.nested(services.name)}
        self.categories = sorted(schema.keys("categories"))
        self.target_groups = sorted(schema.keys("target_groups"))
        self.target_labels = schema.labels("target_groups", "da")
        languages = schema.keys("languages")
        self.da = "da" if "da" in languages else sorted(languages)[0]
        self.extra_languages = _weights({k: w for k, w in EXTRA_LANGUAGES.items() if k in languages})
        self.organisation_types = _weights(_enum(organisations.field("type").enum, ORGANISATION_TYPES))
        self.statuses = _weights(_enum(services.field("status").enum, STATUSES))
        self.costs = _weights(_enum(services.field("cost").enum, COSTS))
        self.routes = _weights(_enum(_value_field(nested["access"]).enum, ACCESS_ROUTES))
        self.wheelchair = _weights(_enum(nested["locations"].table.field("wheelchair").enum, WHEELCHAIR))
        self.active = self.statuses[0][0]


def _enum(values: Sequence[str] | None, weights: dict[str, int]) -> dict[str, int]:
    if not values:
        raise ValueError("synth expects an enum here; the schema has none")
    return {v: weights.get(v, 1) for v in values}


def _weights(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    """Values and cumulative weights for random.choices, heaviest first."""
    ordered = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    values, cum, total = [], [], 0
    for v, w in ordered:
        total += w
        values.append(v)
        cum.append(total)
    return values, cum


def _value_field(n):
    return n.table.field(n.value)


# --- writing YAML as plain strings -------------------------------------------------------------

Format = Callable[[object], str]


# Characters JSON leaves as they are but YAML does not read back as themselves: DEL, C1 controls, NEL and
# the Unicode line and paragraph separators (line breaks to YAML), the byte order mark, non-characters.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _string(v: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `v`."""
    text = encode_basestring(v)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _NOT_YAML.search(text) else text


def _number(v) -> str:
    return f"{v:.6f}"


FORMATS: dict[str, Format] = {
    "string": _string, "integer": str, "number": _number,
    "boolean": lambda v: "true" if v else "false", "date": lambda v: v.isoformat(),
}


class Writer:
    """Emits a record in the schema's field order: written fields, then one list per nested table."""

    def __init__(self, schema: Schema, table: Table):
        self.fields = [(f.name, FORMATS[f.type]) for f in table.fields if f.written]
        self.nested = []
        for n in schema.nested(table.name):
            if n.value:
                self.nested.append((n.key, FORMATS[_value_field(n).type], None))
            else:
                self.nested.append((n.key, None, [(f.name, FORMATS[f.type]) for f in n.item_fields]))
        self.allowed = frozenset(name for name, _ in self.fields) | {key for key, _, _ in self.nested}

    def text(self, rec: dict) -> str:
        unknown = rec.keys() - self.allowed
        if unknown:
            raise KeyError(f"synth writes fields the schema does not have: {sorted(unknown)}")
        out = [HEADER]
        for name, fmt in self.fields:
            v = rec.get(name)
            if v is not None:
                out.append(f"{name}: {fmt(v)}\n")
        for key, fmt, item_fields in self.nested:
            items = rec.get(key)
            if not items:
                continue
            out.append(f"{key}:\n")
            if item_fields is None:
                out.extend(f"  - {fmt(v)}\n" for v in items)
                continue
            for item in items:
                lead = "  - "
                for name, ifmt in item_fields:
                    v = item.get(name)
                    if v is not None:
                        out.append(f"{lead}{name}: {ifmt(v)}\n")
                        lead = "    "
        return "".join(out)


# --- the catalogue -----------------------------------------------------------------------------

@cache
def slug(text: str) -> str:
    text = text.lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u"), ("ö", "oe"), ("ä", "ae")):
        text = text.replace(a, b)
    out, dash = [], False
    for c in text:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _municipalities(schema: Schema) -> list[Municipality]:
    rows = sorted(schema.rows("municipalities"), key=lambda r: r["code"])
    out = []
    for r in rows:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        postcode, city = POSTCODES.get(r["code"]) or _nearest_postcode(lat, lon, rows)
        out.append(Municipality(r["code"], r["name"], r["region_code"], r["region_name"], lat, lon,
                                postcode, city))
    return out


def _nearest_postcode(lat: float, lon: float, rows: list[dict]) -> tuple[str, str]:
    """For a municipality the table above does not know: the postcode of the nearest one it does."""
    known = [r for r in rows if r["code"] in POSTCODES]
    if not known:
        return "8000", "Aarhus C"
    best = min(known, key=lambda r: _distance(lat, lon, float(r["latitude"]), float(r["longitude"])))
    return POSTCODES[best["code"]]


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return math.hypot(lat1 - lat2, (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2)))


def _neighbours(munis: list[Municipality]) -> dict[str, list[Municipality]]:
    out = {}
    for m in munis:
        others = sorted((_distance(m.lat, m.lon, o.lat, o.lon), o.code, o) for o in munis if o is not m)
        out[m.code] = [o for _, _, o in others[:NEIGHBOURS]]
    return out


class Synth:
    def __init__(self, services: int, seed: int, schema: Schema):
        self.rng = random.Random(seed)
        self.n_services = services
        self.vocab = Vocabulary(schema)
        self.munis = _municipalities(schema)
        self.neighbours = _neighbours(self.munis)
        self.org_writer = Writer(schema, schema.record_table("organisation"))
        self.service_writer = Writer(schema, schema.record_table("service"))
        self.kinds = [_kind(k, self.vocab) for k in KINDS]
        self.remote_kinds = [_kind(k, self.vocab) for k in REMOTE_KINDS]

    def pick(self, table: tuple[list[str], list[int]]) -> str:
        values, cum = table
        return self.rng.choices(values, cum_weights=cum)[0]

    # planning: who runs each service, and where ----------------------------------------------

    def organisations(self) -> list[Organisation]:
        rng = self.rng
        n = max(1, round(self.n_services / SERVICES_PER_ORGANISATION))
        homes = self.munis[:]
        rng.shuffle(homes)
        # national organisations place their branches here in turn, municipalities without a home org first
        self.spread_order = homes[n % len(homes):] + homes[: n % len(homes)]
        orgs = []
        for j in range(n):
            home = homes[j % len(homes)]
            kind = self.pick(self.vocab.organisation_types)
            pattern = rng.choice(ORGANISATION_NAMES.get(kind, GENERIC_ORGANISATION_NAMES))
            name = pattern.format(m=home.name, r=home.region_name)
            orgs.append(Organisation(f"{slug(name)[:60].strip('-')}-{j + 1}", name, kind, home))
        return orgs

    def plan(self, orgs: list[Organisation]) -> list[tuple[int, str, Municipality]]:
        """(organisation index, "place"/"areas"/"nationwide", municipality) for every service."""
        rng, n = self.rng, len(orgs)
        weights = [min(rng.paretovariate(1.5), 10.0) for _ in orgs]
        owners = list(range(min(n, self.n_services)))  # every organisation runs at least one service
        owners += rng.choices(range(n), weights=weights, k=max(0, self.n_services - n))
        owners.sort()
        spread = 0
        plan = []
        for o in owners:
            org = orgs[o]
            r = rng.random()
            mode = "nationwide" if r < NATIONWIDE else "areas" if r < NATIONWIDE + AREAS else "place"
            if org.type in SPREAD_TYPES and mode != "nationwide":
                muni = self.spread_order[spread % len(self.spread_order)]
                spread += 1
            elif rng.random() < HOME:
                muni = org.home
            else:
                muni = rng.choice(self.neighbours[org.home.code])
            plan.append((o, mode, muni))
        return self._cover(plan)

    def _cover(self, plan: list[tuple[int, str, Municipality]]) -> list[tuple[int, str, Municipality]]:
        """Move a few located services so that every municipality has at least one, when there are enough."""
        covered = {muni.code for _, mode, muni in plan if mode != "nationwide"}
        located: dict[str, list[int]] = {}  # services with a location, which can move, by municipality
        for i, (_, mode, muni) in enumerate(plan):
            if mode == "place":
                located.setdefault(muni.code, []).append(i)
        for m in self.munis:
            if m.code in covered:
                continue
            donor = max(located, key=lambda c: (len(located[c]), c), default=None)
            if donor is None or len(located[donor]) < 2:
                break
            i = located[donor].pop()
            plan[i] = (plan[i][0], "place", m)
            located[m.code] = [i]
            covered.add(m.code)
        return plan

    # records ------------------------------------------------------------------------------------

    def phone(self, muni: Municipality | None) -> str:
        rng = self.rng
        if muni is None:
            prefix = "70"
        elif rng.random() < 0.2:
            prefix = rng.choice(MOBILE_PREFIXES)
        else:
            prefix = rng.choice(PHONE_PREFIXES.get(muni.region, ("70",)))
        digits = f"{prefix} {rng.randint(10, 99)} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        return digits if rng.random() < 0.2 else f"+45 {digits}"

    def organisation(self, org: Organisation) -> dict:
        rng = self.rng
        users = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            user = f"{slug(rng.choice(FIRST_NAMES))}-{slug(rng.choice(LAST_NAMES))}{rng.randint(1, 99)}"
            if user not in users:
                users.append(user)
        rec = {
            "id": org.id, "name": org.name, "type": org.type,
            "description": f"{org.name} driver tilbud i og omkring {org.home.name}.\n\n"
                           f"{rng.choice(BULLETS)} {rng.choice(CLOSINGS)}",
            "municipality_code": org.home.code,
            "website": f"https://example.org/{org.id}/",
            "email": f"{org.id}@example.org",
            "phone": self.phone(org.home),
            "maintainers": users,
        }
        if rng.random() < 0.1:
            del rec["phone"]
        return rec

    def service(self, number: int, org: Organisation, orgs: list[Organisation], mode: str,
                muni: Municipality) -> dict:
        rng, vocab = self.rng, self.vocab
        kinds = self.remote_kinds if mode == "nationwide" else self.kinds
        noun, category, target, activity = rng.choice(kinds)
        seasonal = mode != "nationwide" and rng.random() < SEASONAL
        where = "" if mode == "nationwide" else f" {muni.name}"
        sid = f"{slug(noun + where)}-{number}"
        categories = _some(rng, vocab.categories, category, rng.choice((1, 1, 2, 3)))
        targets = _some(rng, vocab.target_groups, target, rng.choice((1, 1, 2, 3)))
        audience = vocab.target_labels.get(targets[0], targets[0]).lower()
        place = "i hele landet" if mode == "nationwide" else f"i {muni.name}"
        website = f"https://example.org/{org.id}/{sid}"
        rec: dict = {
            "id": sid,
            "name": f"{noun}{where} {number}",
            "summary": f"{activity} {place}. For {audience}.",
            "description": self.description(noun, org, activity, place, website),
            "status": vocab.active if seasonal else self.pick(vocab.statuses),
        }
        low, high = rng.choice(AGES.get(target or "", GENERAL_AGES) if rng.random() < 0.8 else GENERAL_AGES)
        rec["age_min"], rec["age_max"] = low, high
        rec["cost"] = self.pick(vocab.costs)
        if rec["cost"] == "fee":
            price = rng.choice((20, 25, 50, 75, 100, 150, 300))
            rec["cost_description"] = rng.choice(COST_TEXT).format(n=price)
        routes = _unique(rng, vocab.routes, rng.choice((1, 1, 1, 2)), self.pick)
        if rng.random() < 0.7:
            rec["access_description"] = rng.choice(ACCESS_TEXT.get(routes[0], ["Kontakt os og hør mere."]))
        if rng.random() < 0.25:
            rec["eligibility_description"] = rng.choice(ELIGIBILITY)
        if mode == "nationwide" or rng.random() < 0.6:
            rec["phone"] = self.phone(None if mode == "nationwide" else muni)
        if rng.random() < 0.5:
            rec["email"] = f"{sid}@example.org"
        if rng.random() < 0.6:
            rec["website"] = website
        if mode == "nationwide":
            rec["opening_hours"] = rng.choice(REMOTE_OPENING_HOURS)
            rec["nationwide"] = True
        elif rng.random() < 0.1:
            rec["nationwide"] = False
        if seasonal:
            rec["valid_from"], rec["valid_to"] = rng.choice(_seasons())
        rec["last_verified"] = REFERENCE_DATE - dt.timedelta(days=rng.randint(0, VERIFIED_WITHIN_DAYS))
        rec["categories"] = categories
        rec["target_groups"] = targets
        rec["languages"] = self.languages()
        rec["access"] = routes
        if len(orgs) > 1 and rng.random() < PARTNERS:
            partners = []
            for _ in range(rng.choice((1, 1, 2))):
                other = orgs[rng.randrange(len(orgs))]
                if other is not org and other.id not in partners:
                    partners.append(other.id)
            rec["partners"] = partners
        if mode != "nationwide" and rng.random() < MUNICIPAL_PARTNERS:
            departments = rng.sample(DEPARTMENTS, rng.choice((1, 1, 2)))
            rec["municipal_partners"] = [{"municipality_code": muni.code, "department": d}
                                         for d in departments]
        if mode == "areas":
            extra = rng.sample(self.neighbours[muni.code], rng.randint(0, 3))
            rec["service_areas"] = [muni.code, *(m.code for m in extra)]
        elif mode == "place":
            rec["locations"] = [self.location(muni, None)]
            if rng.random() < TWO_LOCATIONS:
                second = muni if rng.random() < 0.5 else rng.choice(self.neighbours[muni.code])
                rec["locations"].append(self.location(second, rec["locations"][0]["id"]))
        return rec

    def description(self, noun: str, org: Organisation, activity: str, place: str, website: str) -> str:
        rng = self.rng
        bullets = rng.sample(BULLETS, rng.randint(2, 4))
        return (f"{noun} er et tilbud fra {org.name} {place}. {activity}.\n\n"
                "Det sker hos os:\n\n" + "".join(f"- {b}\n" for b in bullets) +
                f"\n**{rng.choice(CLOSINGS)}** Læs mere på [hjemmesiden]({website}).")

    def languages(self) -> list[str]:
        rng = self.rng
        n = rng.choices(list(LANGUAGE_COUNTS), weights=list(LANGUAGE_COUNTS.values()))[0]
        out = [self.vocab.da] if rng.random() < 0.95 else []
        for _ in range(20):
            if len(out) >= n or not self.vocab.extra_languages[0]:
                break
            code = self.pick(self.vocab.extra_languages)
            if code not in out:
                out.append(code)
        return out or [self.vocab.da]

    def location(self, muni: Municipality, taken: str | None) -> dict:
        rng = self.rng
        name = rng.choice(PLACES)
        lid = slug(name) if slug(name) != taken else f"{slug(name)}-2"
        loc = {
            "id": lid, "name": f"{name} {muni.name}" if rng.random() < 0.3 else name,
            "street_address": f"{rng.choice(STREETS)} {rng.randint(1, 150)}",
            "postcode": muni.postcode, "city": muni.city, "municipality_code": muni.code,
            "latitude": round(muni.lat + rng.uniform(-JITTER, JITTER), 6),
            "longitude": round(muni.lon + rng.uniform(-JITTER, JITTER), 6),
        }
        if rng.random() < 0.7:
            loc["wheelchair"] = self.pick(self.vocab.wheelchair)
        if rng.random() < 0.2:
            loc["accessibility"] = rng.choice(ACCESSIBILITY)
        loc["opening_hours"] = rng.choice(OPENING_HOURS)
        if rng.random() < 0.15:
            loc["opening_hours_note"] = rng.choice(HOURS_NOTES)
        return loc


def _kind(kind: tuple[str, str, str, str], vocab: Vocabulary) -> tuple[str, str | None, str | None, str]:
    noun, category, target, activity = kind
    return (noun, category if category in vocab.categories else None,
            target if target in vocab.target_groups else None, activity)


def _some(rng: random.Random, values: list[str], first: str | None, n: int) -> list[str]:
    out = [first] if first else []
    while len(out) < min(n, len(values)):
        v = rng.choice(values)
        if v not in out:
            out.append(v)
    return out


def _unique(rng: random.Random, table, n: int, pick) -> list[str]:
    out: list[str] = []
    while len(out) < min(n, len(table[0])):
        v = pick(table)
        if v not in out:
            out.append(v)
    return out


def _seasons() -> list[tuple[dt.date, dt.date]]:
    """Seasonal and time-limited offers that end after REFERENCE_DATE."""
    y, d = REFERENCE_DATE.year, dt.date
    return [(d(y + 1, 6, 28), d(y + 1, 8, 6)), (d(y + 1, 2, 13), d(y + 1, 2, 21)),
            (d(y + 1, 10, 16), d(y + 1, 10, 24)), (d(y, 12, 1), d(y, 12, 31)),
            (d(y + 1, 3, 20), d(y + 1, 3, 29)), (d(y, 1, 1), d(y + 1, 12, 31))]


def write_catalogue(out: Path, services: int, seed: int = 1) -> tuple[int, int]:
    """Write a valid catalogue of exactly `services` services into the new or empty folder `out`.

    Returns (organisations, services). The same seed writes byte-identical files.
    """
    if services < 0:
        raise ValueError(f"services must be 0 or more, not {services}")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; synth writes into a new or empty folder")
    synth = Synth(services, seed, load_schema())
    orgs = synth.organisations()
    plan = synth.plan(orgs)
    out.mkdir(parents=True, exist_ok=True)
    folders = {}
    for org in orgs:
        folder = out / org.id
        (folder / "services").mkdir(parents=True)
        folders[org.id] = folder / "services"
        _write(folder / "organisation.yaml", synth.org_writer.text(synth.organisation(org)))
    for number, (o, mode, muni) in enumerate(plan, 1):
        rec = synth.service(number, orgs[o], orgs, mode, muni)
        _write(folders[orgs[o].id] / f"{rec['id']}.yaml", synth.service_writer.text(rec))
    return len(orgs), len(plan)


def _write(path: Path, text: str) -> None:
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))
