"""schema.org JSON-LD for a service page, so search engines can show the offer, its address and hours.

The record text is untrusted: the renderer writes this data into a `<script>` element through
`sanitise.script_json`, which leaves no markup in it whatever the text holds.
"""

from __future__ import annotations

from collections.abc import Callable

from ..enrich import SiteModel
from ..hours.weekly import weekly
from ..sanitise import safe_url
from ..urls import Paths

WEEKDAYS = {"Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday", "Fr": "Friday",
            "Sa": "Saturday", "Su": "Sunday"}
PROVIDER_TYPES = {"municipality": "GovernmentOrganization", "region": "GovernmentOrganization",
                  "self-governing": "GovernmentOrganization", "association": "NGO", "ngo": "NGO"}


def opening_hours(expression: str | None, s: dict) -> list[dict]:
    """OpeningHoursSpecification for a simple weekly rule; nothing for a rule it cannot state."""
    rule = weekly(expression)
    if not rule:
        return []
    out = []
    for o in rule.openings:
        days = [f"https://schema.org/{WEEKDAYS[d]}" for d in o.days]
        spec = {"@type": "OpeningHoursSpecification", "dayOfWeek": days,
                "opens": o.opens, "closes": o.closes}
        if s.get("valid_from"):
            spec["validFrom"] = s["valid_from"].isoformat()
        if s.get("valid_to"):
            spec["validThrough"] = s["valid_to"].isoformat()
        out.append(spec)
    return out


def service(s: dict, model: SiteModel, url: str, lang: str, org_url: str = "") -> dict:
    """The schema.org `Service` of one record, as its page in `lang` at `url` describes it."""
    org = model.organisations.get(s["organisation_id"], {})
    doc: dict = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": f"{url}#service",
        "url": url,
        "name": s["name"],
        "description": s["summary"],
        "serviceType": [model.label("categories", c, lang) for c in s["categories"]],
        "audience": [{"@type": "Audience", "audienceType": model.label("target_groups", t, lang)}
                     for t in s["target_groups"]],
        "provider": {"@type": PROVIDER_TYPES.get(org.get("type"), "Organization"),
                     "name": org.get("name", s["organisation_id"]), "url": safe_url(org.get("website")) or org_url},
    }
    if s["cost"] == "free":
        doc["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "DKK"}
    elif s.get("cost_description"):
        doc["offers"] = {"@type": "Offer", "description": s["cost_description"]}
    if s.get("nationwide"):
        doc["areaServed"] = {"@type": "Country", "name": "Danmark", "identifier": "DK"}
    else:
        doc["areaServed"] = [{"@type": "AdministrativeArea", "name": model.municipalities[c]["name"]}
                             for c in s.get("served") or []]
    channels = [_place_channel(s, loc, model) for loc in s["locations"]]
    if s.get("phone") or s.get("email") or s.get("website") or s.get("opening_hours"):
        contact: dict = {"@type": "ContactPoint"}
        if s.get("phone"):
            contact["telephone"] = s["phone"]
        if s.get("email"):
            contact["email"] = s["email"]
        hours = opening_hours(s.get("opening_hours"), s)
        if hours:
            contact["hoursAvailable"] = hours
        channel: dict = {"@type": "ServiceChannel", "servicePhone": contact}
        if safe_url(s.get("website")):
            channel["serviceUrl"] = s["website"]  # only http(s): a search engine may show it as a link
        channels.insert(0, channel)
    # schema.org has the languages of a service on the channels it is offered through, not on the Service, and
    # asks for BCP 47 codes: our ISO 639-1 codes are those.
    languages = list(s["languages"])
    channels = channels or [{"@type": "ServiceChannel"}]
    for channel in channels:
        channel["availableLanguage"] = languages
    doc["availableChannel"] = channels
    return doc


def _place_channel(s: dict, loc: dict, model: SiteModel) -> dict:
    place: dict = {
        "@type": "Place",
        "address": {"@type": "PostalAddress", "streetAddress": loc["street_address"], "postalCode": loc["postcode"],
                    "addressLocality": loc["city"],
                    "addressRegion": model.municipalities[loc["municipality_code"]]["name"], "addressCountry": "DK"},
        "geo": {"@type": "GeoCoordinates", "latitude": loc["latitude"], "longitude": loc["longitude"]},
    }
    if loc.get("name"):
        place["name"] = loc["name"]
    hours = opening_hours(loc.get("opening_hours"), s)
    if hours:
        place["openingHoursSpecification"] = hours
    return {"@type": "ServiceChannel", "serviceLocation": place}


def for_pages(model: SiteModel, base_url: str) -> Callable[[dict, str], dict]:
    """The schema.org `Service` of a record's page in a language: what the renderer writes into the page."""

    def page_data(s: dict, lang: str) -> dict:
        paths = Paths(lang)
        return service(s, model, base_url + paths.service(s["id"]), lang,
                       base_url + paths.organisation(s["organisation_id"]))

    return page_data
