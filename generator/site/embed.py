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
from ..texts import LANGS
from ..urls import FEED_ALL, FEED_NATIONWIDE, FEEDS, VENDOR, Paths, feed, root_for
from .i18n import UI, WIDGET

HEIGHT_MESSAGE = "velfaerdskataloget:height"  # the `type` of the widget's postMessage to the host page
DEFAULT_HEIGHT = 600



# --- the embed pages -------------------------------------------------------------------------------------------


def widget_config(model, lang: str, tiles: str, attribution: str) -> dict:
    """What embed.js needs besides the feeds: labels in the page's language, paths, tiles, texts."""
    schema = load_schema()
    labels = {table: dict(sorted(model.labels[table][lang].items())) for table in ("categories", "target_groups")}
    labels["languages"] = {r["code"]: r[f"label_{lang}"] for r in schema.rows("languages")}
    labels["cost"], labels["status"] = model.enums["cost"][lang], model.enums["status"][lang]
    labels["nationwide"] = model.titles[lang]["service"]["nationwide"]
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
        "text": WIDGET[lang],
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
            et=WIDGET[lang],
            t=UI[lang],  # partials/meta.html's site name and tagline
            page_title=WIDGET[lang]["page_title"],
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
    t = WIDGET[lang]
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

