"""`/data/dcat.jsonld`: the dataset and each distribution described in DCAT-AP 3.0.1, for open-data portals.

JSON-LD with its context inline, so a harvester needs no other request to read it as RDF. Formats, languages,
themes, availability and the spatial coverage use the EU Publications Office authority tables and the ADMS
vocabularies that DCAT-AP names; each such value is described once in the graph with the class DCAT-AP expects
of it and the table it comes from (`skos:inScheme`), which is what the official SHACL shapes check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..geo import DENMARK as EXTENT
from ..geo import DENMARK_CENTROID
from ..licence import Licence

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
AUTHORITY = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = AUTHORITY + "file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
DENMARK = AUTHORITY + "country/DNK"
LANGUAGES = [AUTHORITY + "language/DAN", AUTHORITY + "language/ENG"]
DATA_THEME = AUTHORITY + "data-theme"
# The EU data themes of welfare offers: social services for families, children and older people, and health
# (health visitors, mental health, addiction); labels as the EU table gives them.
THEMES = {"SOCI": ("Befolkning og samfund", "Population and society"), "HEAL": ("Sundhed", "Health")}
STABLE = AUTHORITY + "planned-availability/STABLE"  # the open data's addresses are documented as stable
PUBLISHER_TYPES = "http://purl.org/adms/publishertype/"
PUBLISHER_TYPE = ("NonProfitOrganisation", "Non-Profit Organisation")  # a volunteer-run open catalogue
LICENCE_TYPES = "http://purl.org/adms/licencetype/"
LICENCE_TYPE_LABELS = {"Attribution": "Attribution", "PublicDomain": "Public domain",
                       "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)"}


@dataclass(frozen=True)
class Distribution:
    path: str  # relative to the site root
    title_da: str
    title_en: str
    description_da: str
    description_en: str
    media_type: str
    file_type: str  # code of the EU file-type table


def _text(da: str, en: str) -> list[dict]:
    return [{"@value": da, "@language": "da"}, {"@value": en, "@language": "en"}]


def _date(value: dt.date) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _in(uri: str, kind: str | list[str], scheme: str, **more) -> dict:
    """A value from a controlled vocabulary: its class in DCAT-AP and the table it belongs to."""
    return {"@id": uri, "@type": kind, "skos:inScheme": _ref(scheme), **more}


def _concept(uri: str, scheme: str, label: list[dict] | dict) -> dict:
    return _in(uri, "skos:Concept", scheme, **{"skos:prefLabel": label})


def _denmark() -> dict:
    south, north, west, east = EXTENT
    box = f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"
    lat, lon = DENMARK_CENTROID
    return _in(DENMARK, "dct:Location", AUTHORITY + "country",
               **{"dcat:bbox": {"@value": box, "@type": "gsp:wktLiteral"},
                  "dcat:centroid": {"@value": f"POINT({lon} {lat})", "@type": "gsp:wktLiteral"}})


def _licence(licence: Licence) -> list[dict]:
    """The licence document and the ADMS licence types it has (none for a licence not built in)."""
    doc = {"@id": licence.url, "@type": "dct:LicenseDocument", "dct:title": licence.name,
           "dct:identifier": licence.id}
    kinds = [_concept(LICENCE_TYPES + k, LICENCE_TYPES + "1.0", {"@value": LICENCE_TYPE_LABELS[k], "@language": "en"})
             for k in licence.types]
    if kinds:
        doc["dct:type"] = [_ref(k["@id"]) for k in kinds]
    return [doc, *kinds]


def vocabulary(distributions: list[Distribution], licence: Licence, base_url: str, docs_url: str) -> list[dict]:
    """Every value node the descriptions point at, once: pages, licence, formats, languages, place, themes."""
    formats = sorted({d.file_type for d in distributions})
    media = sorted({d.media_type for d in distributions})
    code, label = PUBLISHER_TYPE
    return [
        {"@id": base_url, "@type": "foaf:Document"},
        {"@id": docs_url, "@type": "foaf:Document"},
        *_licence(licence),
        *(_in(FILE_TYPE + f, "dct:MediaTypeOrExtent", AUTHORITY + "file-type") for f in formats),
        *({"@id": MEDIA_TYPE + m, "@type": "dct:MediaType"} for m in media),
        *(_in(lang, "dct:LinguisticSystem", AUTHORITY + "language") for lang in LANGUAGES),
        _denmark(),
        {"@id": DATA_THEME, "@type": "skos:ConceptScheme", "dct:title": {"@value": "Data theme", "@language": "en"}},
        *(_concept(f"{DATA_THEME}/{k}", DATA_THEME, _text(da, en)) for k, (da, en) in THEMES.items()),
        _concept(STABLE, AUTHORITY + "planned-availability", {"@value": "stable", "@language": "en"}),
        {"@id": PUBLISHER_TYPES + "1.0", "@type": "skos:ConceptScheme",
         "dct:title": {"@value": "ADMS publisher type", "@language": "en"}},
        _concept(PUBLISHER_TYPES + code, PUBLISHER_TYPES + "1.0", {"@value": label, "@language": "en"}),
    ]


def catalogue(base_url: str, distributions: list[Distribution], licence: Licence, *, modified: dt.datetime,
              issued: dt.date, first: dt.date, last: dt.date, publisher: str, docs_url: str) -> dict:
    """The DCAT-AP catalogue of the one dataset, with every distribution named, described and dated."""
    dataset_id = f"{base_url}data/#dataset"
    publisher_id = f"{base_url}#publisher"
    licence_ref = _ref(licence.url)
    modified_value = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    languages = [_ref(lang) for lang in LANGUAGES]
    dists = []
    for d in distributions:
        dists.append({
            "@id": f"{base_url}{d.path}#distribution",
            "@type": "dcat:Distribution",
            "dct:title": _text(d.title_da, d.title_en),
            "dct:description": _text(d.description_da, d.description_en),
            "dcat:accessURL": _ref(docs_url),
            "dcat:downloadURL": _ref(base_url + d.path),
            "dcat:mediaType": _ref(MEDIA_TYPE + d.media_type),
            "dct:format": _ref(FILE_TYPE + d.file_type),
            "dct:license": licence_ref,
            "dcatap:availability": _ref(STABLE),
            "dct:modified": modified_value,
        })
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": f"{base_url}data/#catalog",
                "@type": "dcat:Catalog",
                "dct:title": _text("Velfærdskataloget", "The welfare catalogue"),
                "dct:description": _text("Åbne data om velfærdstilbud fra kommuner og civilsamfund i Danmark.",
                                         "Open data on welfare offers from municipalities and civil society in "
                                         "Denmark."),
                "dct:publisher": _ref(publisher_id),
                "foaf:homepage": _ref(base_url),
                "dct:license": licence_ref,
                "dct:issued": _date(issued),
                "dct:modified": modified_value,
                "dct:language": languages,
                "dct:spatial": _ref(DENMARK),
                "dcat:themeTaxonomy": _ref(DATA_THEME),
                "dcat:dataset": _ref(dataset_id),
            },
            {
                "@id": dataset_id,
                "@type": "dcat:Dataset",
                "dct:title": _text("Velfærdstilbud i Danmark", "Welfare offers in Denmark"),
                "dct:description": _text(
                    "Tilbud fra kommuner og civilsamfund til familier, børn, ældre og andre i Danmark, vedligeholdt "
                    "af organisationerne selv: adresser, åbningstider, målgrupper og kategorier.",
                    "Offers from municipalities and civil society for families, children, older people and others "
                    "in Denmark, kept by the organisations themselves: addresses, opening hours, target groups and "
                    "categories."),
                "dct:publisher": _ref(publisher_id),
                "dcat:contactPoint": {"@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": publisher,
                                      "vcard:hasURL": _ref(docs_url)},
                "dct:license": licence_ref,
                "dct:modified": modified_value,
                "dct:language": languages,
                "dct:spatial": _ref(DENMARK),
                "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(first),
                                 "dcat:endDate": _date(last)},
                "dcat:theme": [_ref(f"{DATA_THEME}/{k}") for k in THEMES],
                "dcat:keyword": _text("velfærd", "welfare") + _text("civilsamfund", "civil society"),
                "dcat:landingPage": _ref(docs_url),
                "dcat:distribution": [_ref(d["@id"]) for d in dists],
            },
            {"@id": publisher_id, "@type": "foaf:Agent", "foaf:name": publisher,
             "dct:type": _ref(PUBLISHER_TYPES + PUBLISHER_TYPE[0])},
            *dists,
            *vocabulary(distributions, licence, base_url, docs_url),
        ],
    }
