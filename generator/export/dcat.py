"""`/data/dcat.jsonld`: the dataset and each distribution described in DCAT-AP, for open-data portals.

JSON-LD with its context inline, so a harvester needs no other request to read it as RDF. Formats and
the spatial coverage use the EU Publications Office authority tables that DCAT-AP recommends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..licence import Licence

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
DENMARK = "http://publications.europa.eu/resource/authority/country/DNK"
LANGUAGES = ["http://publications.europa.eu/resource/authority/language/DAN",
             "http://publications.europa.eu/resource/authority/language/ENG"]


@dataclass(frozen=True)
class Distribution:
    path: str  # relative to the site root
    title_da: str
    title_en: str
    media_type: str
    file_type: str  # code of the EU file-type table


def _text(da: str, en: str) -> list[dict]:
    return [{"@value": da, "@language": "da"}, {"@value": en, "@language": "en"}]


def _date(value: dt.date) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def catalogue(base_url: str, distributions: list[Distribution], licence: Licence, *, modified: dt.datetime,
              first: dt.date, last: dt.date, publisher: str, docs_url: str) -> dict:
    """The DCAT-AP catalogue of the one dataset, with every distribution named and dated."""
    dataset_id = f"{base_url}data/#dataset"
    licence_ref = {"@id": licence.url}
    publisher_ref = {"@id": f"{base_url}#publisher", "@type": "foaf:Agent", "foaf:name": publisher}
    modified_value = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    dists = []
    for d in distributions:
        dists.append({
            "@id": f"{base_url}{d.path}#distribution",
            "@type": "dcat:Distribution",
            "dct:title": _text(d.title_da, d.title_en),
            "dcat:accessURL": {"@id": docs_url},
            "dcat:downloadURL": {"@id": base_url + d.path},
            "dcat:mediaType": {"@id": MEDIA_TYPE + d.media_type},
            "dct:format": {"@id": FILE_TYPE + d.file_type},
            "dct:license": licence_ref,
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
                "dct:publisher": publisher_ref,
                "foaf:homepage": {"@id": base_url},
                "dct:license": licence_ref,
                "dct:modified": modified_value,
                "dcat:dataset": {"@id": dataset_id},
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
                "dct:publisher": publisher_ref,
                "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": publisher,
                                      "vcard:hasURL": {"@id": docs_url}},
                "dct:license": licence_ref,
                "dct:modified": modified_value,
                "dct:language": [{"@id": lang} for lang in LANGUAGES],
                "dct:spatial": {"@id": DENMARK},
                "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(first),
                                 "dcat:endDate": _date(last)},
                "dcat:keyword": _text("velfærd", "welfare") + _text("civilsamfund", "civil society"),
                "dcat:landingPage": {"@id": docs_url},
                "dcat:distribution": [{"@id": d["@id"]} for d in dists],
            },
            *dists,
        ],
    }
