"""Embeds: the iframe widget's pages (indlejr/, en/embed/) and the "embed on your site" block of municipality pages.

The widget is one static page per language that reads its options from the query string and draws the list
(and, when asked, the map) with assets/embed.js from the municipality feeds (export/feeds.py). No site chrome,
no cookies, no storage.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..sanitise import script_json
from ..schema import load_schema
from ..urls import FEED_ALL, FEED_NATIONWIDE, FEEDS, LANGS, VENDOR, Paths, feed, root_for

HEIGHT_MESSAGE = "velfaerdskataloget:height"  # the `type` of the widget's postMessage to the host page
DEFAULT_HEIGHT = 600

TEXT = {
    "da": {
        "page_title": "Tilbud fra Velfærdskataloget",
        "offers_in": "Tilbud i {name}",
        "offers_in_many": "Tilbud i {n} kommuner",
        "offers_all": "Tilbud i hele Danmark",
        "count": "{n} tilbud",
        "count_of": "Viser {shown} af {n} tilbud",
        "more": "Vis flere",
        "as_list": "Vis tilbuddene som liste",
        "map_label": "Kort over tilbuddene",
        "loading": "Henter tilbud …",
        "error": "Tilbuddene kunne ikke hentes. Se dem på Velfærdskataloget.",
        "bad_municipality": "Ukendt kommunekode: {code}. Brug en kode fra listen over kommuner, fx 751.",
        "no_municipality": "Vælg en kommune med ?municipality=<kommunekode> (eller municipality=alle).",
        "none": "Ingen tilbud passer til det valgte.",
        "bad_value": "Ukendt værdi for {key}: {value}.",
        "nationwide": "Hele landet",
        "nationwide_heading": "Tilbud for hele landet",
        "nationwide_intro": "Landsdækkende tilbud, fx telefonrådgivning og chat, gælder også her.",
        "nationwide_show": "Vis tilbud for hele landet",
        "no_place": "Ingen fast adresse",
        "free": "Gratis",
        "fee": "Betaling",
        "paused": "Sat på pause",
        "source": "Fra Velfærdskataloget",
        "filters": "Valgt: {list}",
        "open_now": "Åbent nu",
        "needs_js": "Listen over tilbud kræver JavaScript. Se tilbuddene i din kommune på Velfærdskataloget:",
        "all_municipalities": "Alle kommuner",
        # the "Embed on your site" block on each municipality page
        "embed_heading": "Vis tilbuddene på jeres egen hjemmeside",
        "embed_intro": "Indsæt koden herunder på jeres hjemmeside, så viser den altid de aktuelle tilbud i {name} "
        "fra Velfærdskataloget. Vælg, hvad den skal vise:",
        "embed_view": "Visning",
        "view_both": "Kort og liste",
        "view_list": "Kun liste",
        "view_map": "Kun kort (listen kan foldes ud)",
        "embed_category": "Kategori",
        "embed_target_group": "Målgruppe",
        "embed_language": "Sprog, der tales i tilbuddet",
        "any": "Alle",
        "embed_open_now": "Kun tilbud, der har åbent, når siden vises",
        "embed_ui_language": "Sprog på widgetten",
        "ui_da": "Dansk",
        "ui_en": "Engelsk",
        "embed_height": "Højde i pixels",
        "embed_auto": "Tilpas højden til indholdet (kræver scriptet i koden)",
        "embed_preview": "Forhåndsvisning",
        "embed_code": "Kode til jeres hjemmeside",
        "embed_copy": "Kopiér koden",
        "embed_copied": "Koden er kopieret.",
        "embed_copy_failed": "Koden kunne ikke kopieres automatisk. Markér den i feltet og kopiér den selv.",
        "embed_nojs": "Formularen kræver JavaScript. Koden kan også skrives i hånden: se vejledningen.",
        "embed_docs": "Vejledning i indlejring og datafeeds",
        "embed_feeds": "Data for kommunen",
        "embed_link": "Alle tilbud i {name} på Velfærdskataloget",
        "embed_frame_title": "Tilbud i {name} fra Velfærdskataloget",
    },
    "en": {
        "page_title": "Offers from Velfærdskataloget",
        "offers_in": "Offers in {name}",
        "offers_in_many": "Offers in {n} municipalities",
        "offers_all": "Offers across Denmark",
        "count": "{n} offers",
        "count_of": "Showing {shown} of {n} offers",
        "more": "Show more",
        "as_list": "Show the offers as a list",
        "map_label": "Map of the offers",
        "loading": "Loading offers …",
        "error": "The offers could not be loaded. See them on Velfærdskataloget.",
        "bad_municipality": "Unknown municipality code: {code}. Use a code from the list of municipalities, "
        "e.g. 751.",
        "no_municipality": "Choose a municipality with ?municipality=<code> (or municipality=alle).",
        "none": "No offers match the choice.",
        "bad_value": "Unknown value for {key}: {value}.",
        "nationwide": "Nationwide",
        "nationwide_heading": "Offers for the whole country",
        "nationwide_intro": "Nationwide offers, such as phone advice and chat, apply here too.",
        "nationwide_show": "Show offers for the whole country",
        "no_place": "No fixed address",
        "free": "Free",
        "fee": "Fee",
        "paused": "Paused",
        "source": "From Velfærdskataloget",
        "filters": "Chosen: {list}",
        "open_now": "Open now",
        "needs_js": "The list of offers needs JavaScript. See the offers in your municipality on Velfærdskataloget:",
        "all_municipalities": "All municipalities",
        "embed_heading": "Show these offers on your own website",
        "embed_intro": "Paste the code below into your website and it always shows the current offers in {name} "
        "from Velfærdskataloget. Choose what it shows:",
        "embed_view": "View",
        "view_both": "Map and list",
        "view_list": "List only",
        "view_map": "Map only (the list can be expanded)",
        "embed_category": "Category",
        "embed_target_group": "Target group",
        "embed_language": "Language spoken at the offer",
        "any": "Any",
        "embed_open_now": "Only offers open when the page is shown",
        "embed_ui_language": "Language of the widget",
        "ui_da": "Danish",
        "ui_en": "English",
        "embed_height": "Height in pixels",
        "embed_auto": "Fit the height to the content (needs the script in the code)",
        "embed_preview": "Preview",
        "embed_code": "Code for your website",
        "embed_copy": "Copy the code",
        "embed_copied": "The code has been copied.",
        "embed_copy_failed": "The code could not be copied automatically. Select it in the box and copy it yourself.",
        "embed_nojs": "The form needs JavaScript. The code can also be written by hand: see the guide.",
        "embed_docs": "Guide to embedding and data feeds",
        "embed_feeds": "Data for the municipality",
        "embed_link": "All offers in {name} on Velfærdskataloget",
        "embed_frame_title": "Offers in {name} from Velfærdskataloget",
    },
}


# --- the embed pages -------------------------------------------------------------------------------------------


def widget_config(model, lang: str, tiles: str, attribution: str) -> dict:
    """What embed.js needs besides the feeds: labels in the page's language, paths, tiles, texts."""
    schema = load_schema()
    labels = {table: dict(sorted(model.labels[table][lang].items())) for table in ("categories", "target_groups")}
    labels["languages"] = {r["code"]: r[f"label_{lang}"] for r in schema.rows("languages")}
    return {
        "lang": lang,
        "municipalities": {code: m["name"] for code, m in sorted(model.municipalities.items())},
        "labels": labels,
        "feeds": FEEDS,
        "all": FEED_ALL,
        "nationwide": FEED_NATIONWIDE,
        "service": Paths(lang).service("{id}"),
        "municipality_page": Paths(lang).municipality("{code}"),
        "tiles": tiles,
        "attribution": attribution,
        "vendor": VENDOR,
        "message": HEIGHT_MESSAGE,
        "text": TEXT[lang],
    }


def render_embed_pages(renderer) -> dict[str, str]:
    """The widget page in each language: site path -> HTML."""
    pages = {}
    for lang in LANGS:
        path = Paths(lang).embed
        root = root_for(path)
        config = widget_config(renderer.model, lang, renderer.config.tiles, renderer.config.tile_attribution)
        pages[path] = renderer.env.get_template("embed.html").render(
            lang=lang,
            root=root,
            et=TEXT[lang],
            config=script_json(config),
            index=Paths(lang).municipalities,
            path=path,
            alternate=Paths(lang).other.embed,
            other_lang=Paths(lang).other.lang,
            public_url=renderer.config.public_url,
        )
    return pages


def write_embed(renderer, out: Path) -> int:
    """The widget pages; returns how many files."""
    pages = render_embed_pages(renderer)
    for path, html in pages.items():
        target = out / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return len(pages)


# --- the "Embed on your site" block of a municipality page -------------------------------------------------------


def form_context(model, code: str, lang: str, site_url: str) -> dict:
    """Everything partials/embed-form.html shows for one municipality, in the page's language."""
    t = TEXT[lang]
    name = model.municipalities[code]["name"]
    options = {
        table: sorted(model.labels[table][lang].items(), key=lambda kv: kv[1].casefold())
        for table in ("categories", "target_groups")
    }
    spoken = sorted({c for s in model.by_municipality.get(code, []) for c in s["languages"]})
    options["languages"] = sorted(((c, model.label("languages", c, lang)) for c in spoken), key=lambda kv: kv[1])
    texts = {
        "link": t["embed_link"].format(name=name),
        "title": t["embed_frame_title"].format(name=name),
        "preview": f"{t['embed_preview']}: {t['embed_frame_title'].format(name=name)}",
        "copied": t["embed_copied"],
        "failed": t["embed_copy_failed"],
    }
    return {
        "et": t,
        "embed_code": code,
        "embed_name": name,
        "embed_options": options,
        "embed_site_url": site_url,
        "embed_pages": {lang: Paths(lang).embed for lang in LANGS},
        "embed_message": HEIGHT_MESSAGE,
        "embed_height": DEFAULT_HEIGHT,
        "embed_texts": json.dumps(texts, ensure_ascii=False),  # autoescaped into an attribute
        "embed_docs": Paths(lang).embedding,
        "embed_feed": feed(code),
    }

