"""The contributor docs pages as Material renders them, made to say which language they are in and where the other is.

Material has one language for a whole site; the docs here are Danish with an English version of each page. The
theme override (`overrides/`) reads what `page_meta` puts in a page's meta: its language (`<html lang>` and the
theme's own texts), its two versions as absolute `hreflang` links, and a link to the other version; and the
language of each navigation item (`nav_languages`), to mark those in the other language. `valid_markup`
corrects the little of Material's markup that the W3C checker rejects.
"""

from __future__ import annotations

import re

from ..urls import docs_lang, docs_translation

# The link to a page's other version, in that version's language.
LANGUAGE_LINK = {"da": "Læs på dansk", "en": "Read this in English"}

# Material's drawer and search toggles: `autocomplete` is not allowed on a checkbox.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def page_meta(src: str, urls: dict[str, str], public_url: str) -> dict:
    """What the theme override needs of the docs page made from Markdown `src`, given every page's URL."""
    lang = docs_lang(src)
    meta: dict = {"lang": lang}
    other = docs_translation(src)
    if other in urls:
        other_lang = docs_lang(other)
        meta["versions"] = [{"lang": lang, "href": public_url + urls[src]},
                            {"lang": other_lang, "href": public_url + urls[other]}]
        meta["translation"] = {"lang": other_lang, "url": urls[other], "text": LANGUAGE_LINK[other_lang]}
    return meta


def nav_languages(items: list) -> set[str]:
    """Give each item of the docs' navigation (MkDocs' pages and sections) the language of its pages as `lang`,
    for the theme override to mark items in another language than the page (a section of mixed pages gets none);
    returns the languages found."""
    found: set[str] = set()
    for item in items:
        file = getattr(item, "file", None)
        langs = {docs_lang(file.src_uri)} if file else nav_languages(getattr(item, "children", None) or [])
        item.lang = next(iter(langs)) if len(langs) == 1 else None
        found |= langs
    return found


def valid_markup(html: str) -> str:
    """A page of Material's without what the W3C checker rejects in it: `autocomplete` on the drawer and search
    checkboxes (Material closes both itself after every page load, which is what the attribute was for) and the
    empty `tabindex=""` of section labels in the navigation (no valid value, so browsers ignore it already)."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(' tabindex=""', "")
