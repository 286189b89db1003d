"""Untrusted record text made safe: for HTML (Markdown to a small allow-list, links to safe schemes only), for
JSON in <script>, and for a terminal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3
import phonenumbers
from markdown_it_pyrs import MarkdownIt
from markupsafe import Markup

from . import output

SCHEMES = {"http", "https", "mailto", "tel"}
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
# CommonMark without raw HTML (shown as text, never passed through) and without images (no third-party requests).
# markdown-it-pyrs is the Rust port of markdown-it: the same output, many times faster, which matters for a
# national catalogue's descriptions.
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "autolink",
          "backticks", "emphasis", "entity", "escape", "link", "newline"]
_md = MarkdownIt("zero").enable_many(_RULES)


def _small_headings(text: str) -> str:
    html = _md.render(text)
    # Contributors' headings become small ones: the page already has its h1 and h2s.
    for level in ("1", "2"):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def markdown_for_index(text: str | None) -> str:
    """A description as the search index reads it: Pagefind keeps only the text of an element, never its tags
    or attributes, and the Markdown parser escapes every character of the record (raw HTML is off), so the
    sanitiser, most of the cost of a description, is left to the pages people see.
    Headings are made small as on the page, because Pagefind weighs a word by its heading level."""
    return _small_headings(text) if text else ""


def markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _small_headings(text)
    clean = nh3.clean(
        html, tags=TAGS, attributes={"a": {"href"}}, url_schemes=SCHEMES, link_rel="nofollow noopener ugc"
    )
    return Markup(clean)


# In JSON inside <script>: `</script>` or `<!--` in record text would end or change the element; U+2028/9 end a
# line in older JavaScript parsers. As \u escapes they mean the same to a JSON parser and nothing to HTML, so the
# JSON files the browser loads (map and widget data) carry the same escapes: data wherever they land.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def inert_json(data: object) -> str:
    """Compact JSON without a raw <, >, & or line separator, whatever text it holds."""
    text = output.dumps(data)
    for char, escaped in _SCRIPT_ESCAPES:  # str.translate with a mapping is much slower over every page
        text = text.replace(char, escaped)
    return text


def script_json(data: object) -> Markup:
    """JSON that cannot close or comment out the `<script>` element it is written into, whatever text it holds."""
    return Markup(inert_json(data))


_DANISH_NUMBER = re.compile(r"(?:\+45|0045)?( ?[1-9](?: ?\d){7})")


@lru_cache(maxsize=4096)  # the Danish and the English page ask one after the other, and parsing is not cheap
def tel_href(phone: str) -> str:
    """A `tel:` URI in E.164 form, so a tap dials the right number from any phone."""
    # Nearly every number is a Danish one of 8 digits, which is +45 and its digits: a tenth of parsing it.
    if danish := _DANISH_NUMBER.fullmatch(phone.strip()):
        return "tel:+45" + danish.group(1).replace(" ", "")
    try:
        number = phonenumbers.parse(phone, "DK")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def safe_url(url: str | None) -> str:
    """Only http(s) links leave the site; anything else (javascript:, data:) becomes no link."""
    if url and url.split(":", 1)[0].lower() in ("http", "https"):
        return url
    return ""


# Characters no record text needs and that make text show other than it is: control characters (ESC starts a
# terminal's escape sequences; CR rewrites a line), the bidirectional embeddings, overrides and isolates (U+202E
# shows "abc" as "cba"), the line and paragraph separators, and invisible format characters such as a stray BOM.
# Line breaks and tabs are ordinary text. The marks LRM, RLM and ALM, and the joiners, are left to the scripts
# that need them.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb]")
_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u206f\ufeff\ufff9-\ufffb]")


def first_unsafe(text: str) -> int | None:
    """The 0-based position of the first UNSAFE character in `text`, or None."""
    found = UNSAFE.search(text)
    return found.start() if found else None


def character_name(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE: how a message names an invisible character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def visible(text: str) -> str:
    """Text safe to print to a terminal or a log: every control or direction character (line breaks too) written
    as an escape (`\\x1b`, `\\u202e`, `\\n`) instead of acting on the screen."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    special = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return special.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
