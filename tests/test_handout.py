"""The print handout a case worker gives a family: every offer of a list (a search's results beyond the 20 shown, a
municipality's, a category's), each with its address, opening hours in words, phone, web address and a QR code
that a phone reads; the choices in words, the print date and where to check for changes; printed from a real
Chromium to PDF and read back. Also: a printed service page carries no interface controls, "Kopiér link" and "Del"
say what they did, and the QR encoder (assets/qr.js) agrees module for module with python-qrcode."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import unicodedata

import numpy as np
import pytest
import qrcode
import zxingcpp
from pypdf import PdfReader
from qrcode.util import MODE_8BIT_BYTE, QRData

from generator.enrich import build_model
from generator.export.feeds import Feeds
from generator.hours.parse import TIMEZONE
from generator.site.i18n import long_date
from generator.validate.validator import validate

from browser_support import axe, describe
from conftest import REPO, SAMPLE, node

STUB_PRINT = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
NOTICE = "Oplysningerne er ikke bekræftet i over et år: ring før du kommer."
SEARCH = "soeg/?kommune=alle&pris=free"  # 62 offers: the page shows 20 at a time


def flat(text: str) -> str:
    """Text as the PDF reads it, lines joined (a long line may wrap) and ligatures such as ﬂ as their letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(pdf: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def feed_rows(site, *names: str) -> dict[str, dict]:
    rows = {}
    for name in names:
        feed = json.loads((site / "data" / "kommuner" / f"{name}.json").read_text(encoding="utf-8"))
        for row in feed["services"]:
            rows.setdefault(row["id"], row)
    return rows


def print_handout(page, button: str) -> bytes:
    """Build the handout with the page's own button, then print it: Playwright's pdf() is Chromium's Page.printToPDF
    over the DevTools protocol, the print media a real print dialog uses."""
    page.locator(button).click()
    page.wait_for_function("window.__printed === 1")
    return page.pdf(format="A4")


def today_in_words() -> str:
    return long_date(dt.datetime.now(TIMEZONE).date(), "da")


@pytest.mark.site
@pytest.mark.browser
def test_a_printed_search_holds_every_match_with_phone_address_choices_and_date(site_page):
    site_page.page.add_init_script(STUB_PRINT)
    page = site_page.open(SEARCH)
    page.wait_for_selector("[data-list] li a")
    assert page.locator("[data-list] > li").count() == 20  # what the page shows before "Vis flere"
    text = pdf_text(print_handout(page, "[data-print]"))
    # What must be on paper comes from the records themselves, not from the feeds the page reads.
    free = [s for s in validate(SAMPLE).records("service") if s["cost"] == "free"]
    assert len(free) == 62
    assert "62 tilbud." in text and f"Udskrevet {today_in_words()}." in text
    assert "Valgt: Kommune: Hele landet; Pris: Gratis" in text
    assert flat(f"Oplysningerne kan være ændret: se {page.url}") in text
    assert sum(bool(s.get("phone")) for s in free) > 20 and sum(bool(s["locations"]) for s in free) > 20
    for s in free:
        assert flat(s["name"]) in text, s["id"]
        if s.get("phone"):
            assert s["phone"] in text, s["id"]
        for loc in s["locations"]:
            assert flat(f"{loc['street_address']}, {loc['postcode']} {loc['city']}") in text, s["id"]
    assert "onsdag 16.30–19.30 · lukket i juli og på helligdage" in text  # Familieklubben Gellerup's hours


@pytest.mark.site
@pytest.mark.browser
def test_a_municipality_and_a_category_print_every_offer_they_list(site_page, sample_site):
    site_page.page.add_init_script(STUB_PRINT)
    page = site_page.open("kommuner/751/")
    text = pdf_text(print_handout(page, "[data-handout] button"))
    aarhus = feed_rows(sample_site, "751")
    assert f"{len(aarhus)} tilbud." in text and "Tilbud i Aarhus kommune" in text and "Valgt: Kommune: Aarhus" in text
    assert all(flat(r["name"]) in text for r in aarhus.values())
    page = site_page.open("kategorier/family-support/")
    page.evaluate("window.__printed = 0")
    text = pdf_text(print_handout(page, "[data-handout] button"))
    family = [r for r in feed_rows(sample_site, "alle", "hele-landet").values() if "family-support" in r["categories"]]
    assert f"{len(family)} tilbud." in text and "Valgt: Kategori: Familiestøtte; Hvor: Hele landet" in text
    assert all(flat(r["name"]) in text for r in family)


@pytest.mark.site
@pytest.mark.browser
def test_the_handouts_qr_codes_lead_a_phone_to_each_offers_page(site_page):
    site_page.page.add_init_script(STUB_PRINT)
    page = site_page.open("kommuner/751/")
    page.locator("[data-handout] button").click()
    page.wait_for_function("window.__printed === 1")
    entries = page.locator(".handout-entry")
    assert entries.count() > 5
    for n in range(3):
        entry = entries.nth(n)
        link = entry.locator("dd").filter(has_text="/tilbud/").inner_text()
        pixels = entry.locator("svg.qr").evaluate("""svg => new Promise(resolve => {
            const image = new Image(), size = 400;
            image.onload = () => {
              const canvas = Object.assign(document.createElement('canvas'), {width: size, height: size});
              const g = canvas.getContext('2d');
              g.fillStyle = '#fff'; g.fillRect(0, 0, size, size); g.drawImage(image, 0, 0, size, size);
              resolve(Array.from(g.getImageData(0, 0, size, size).data.filter((_, i) => i % 4 === 0)));
            };
            image.src = 'data:image/svg+xml,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
        })""")
        found = zxingcpp.read_barcodes(np.array(pixels, dtype=np.uint8).reshape(400, 400))
        assert [b.text for b in found] == ["http://" + link], link


@pytest.mark.site
@pytest.mark.browser
def test_the_stale_notice_is_on_the_handout_entry_and_the_search_card_of_a_stale_offer_only(site_page):
    site_page.page.add_init_script(STUB_PRINT)
    page = site_page.open("soeg/?kommune=860")  # Hjørring: Besøgsven (stale) and Søndagsspisning (fresh)
    page.wait_for_selector("[data-list] li a")
    cards = {card.locator("h2").inner_text(): card.inner_text() for card in page.locator("[data-list] > li").all()}
    assert NOTICE in cards["Besøgsven i Hjørring"]
    assert all(NOTICE not in text for name, text in cards.items() if name != "Besøgsven i Hjørring")
    page.locator("[data-print]").click()
    page.wait_for_function("window.__printed === 1")
    entries = {e.locator("h2").inner_text(): e.inner_text() for e in page.locator(".handout-entry").all()}
    assert NOTICE in entries["Besøgsven i Hjørring"]
    assert all(NOTICE not in text for name, text in entries.items() if name != "Besøgsven i Hjørring")
    assert len(entries) == len(cards)


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize(("rel", "button"), [("kommuner/751/", "[data-handout] button"),
                                             ("en/search/?kommune=alle&pris=free", "[data-print]")])
def test_the_print_view_of_a_handout_has_no_axe_violations(site_page, rel, button):
    site_page.page.add_init_script(STUB_PRINT)
    page = site_page.open(rel)
    if button == "[data-print]":
        page.wait_for_selector("[data-list] li a")
    page.locator(button).click()
    page.wait_for_function("window.__printed === 1")
    page.emulate_media(media="print")
    assert page.locator(".handout").is_visible() and not page.locator("main > h1").is_visible()
    violations = axe(page)
    assert not violations, describe(violations)


@pytest.mark.site
@pytest.mark.browser
def test_a_printed_service_page_has_no_interface_controls_and_its_hours_in_words(site_page):
    page = site_page.open("tilbud/familieklub-gellerup/")
    controls = [t.strip() for t in page.locator("button").all_inner_texts() if t.strip()]
    controls += ["Er der en fejl?", "Meld en fejl", "Foreslå en rettelse", "Sæt tiderne i din kalender",
                 "Åbn i kortprogram"]
    assert {"Vis kort", "Kopiér link"} <= set(controls)
    text = pdf_text(page.pdf(format="A4"))
    for control in controls:
        assert not re.search(rf"(?<!\w){re.escape(control)}(?!\w)", text), control
    assert "Onsdag 16.30–19.30 Lukket i juli og på helligdage." in text
    assert "Som skrevet" not in text and "We 16:30" not in text
    assert "Familieklubben Gellerup" in text and "Dortesvej 29" in text and "+45 70 10 10 30" in text
    page.emulate_media(media="print")
    violations = axe(page)
    assert not violations, describe(violations)


@pytest.mark.site
@pytest.mark.browser
def test_copy_link_and_share_say_what_they_did(chromium, site_url, tile_hosts):
    from browser_support import watched_page

    with watched_page(chromium, tile_hosts, permissions=["clipboard-read", "clipboard-write"]) as (page, traffic):
        page.goto(site_url + "kommuner/751/", wait_until="load")
        page.get_by_role("button", name="Kopiér link").click()
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        page.wait_for_function("document.querySelector('[data-share] [role=status]').textContent"
                               " === 'Linket er kopieret.'")
        assert not page.get_by_role("button", name="Del", exact=True).is_visible()  # no Web Share in this browser
        traffic.assert_clean()
    with watched_page(chromium, tile_hosts) as (page, traffic):
        page.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
        page.goto(site_url + "tilbud/familieklub-gellerup/", wait_until="load")
        page.get_by_role("button", name="Del", exact=True).click()
        shared = page.evaluate("window.__shared")
        assert shared["url"] == page.url and shared["title"].startswith("Familieklubben Gellerup")
        traffic.assert_clean()


# --- without a browser ----------------------------------------------------------------------------------------------

def test_the_feeds_carry_what_the_handout_prints():
    result = validate(SAMPLE)
    model = build_model(result.records("service"), result.records("organisation"),
                        dt.datetime(2026, 12, 4, 9, tzinfo=TIMEZONE))
    feeds = Feeds(model)
    local = [s for s in model.by_municipality["751"] if not s.get("nationwide")]
    aarhus = json.loads(feeds.feed("municipality", model.municipalities["751"], local))
    club = next(r for r in aarhus["services"] if r["id"] == "familieklub-gellerup")
    assert (club["phone"], club["website"], club["verified"]) == \
        ("+45 70 10 10 30", "https://example.org/roede-kors-aarhus/familieklub-gellerup", "2026-10-14")
    assert aarhus["words"][club["places"][0]["words"]] == [
        "onsdag 16.30–19.30 · lukket i juli og på helligdage",
        "Wednesday 16:30–19:30 · closed in July and on public holidays"]
    # Each feed numbers its own table of words: every index points into it, and every entry is used.
    used = {p["words"] for r in aarhus["services"] for p in r["places"]} | {r["words"] for r in aarhus["services"]}
    assert used - {None} == set(range(len(aarhus["words"])))
    country = json.loads(feeds.feed("country", None, model.services))
    again = next(r for r in country["services"] if r["id"] == "familieklub-gellerup")
    assert country["words"][again["places"][0]["words"]] == aarhus["words"][club["places"][0]["words"]]


QR_TEXTS = ["https://velfaerdskataloget.github.io/catalogue/tilbud/familieklub-gellerup/", "a", "æøå",
            "http://127.0.0.1:8000/tilbud/x/", "https://example.org/" + "x" * 150, "https://example.org/" + "y" * 600]


def test_the_qr_encoder_agrees_with_python_qrcode_for_every_mask(tmp_path):
    script = tmp_path / "qr.mjs"
    script.write_text(
        f"import {{ qrMatrix }} from {json.dumps((REPO / 'generator/site/assets/qr.js').as_uri())};\n"
        "const out = {};\n"
        "for (const text of JSON.parse(process.argv[2])) {\n"
        "  out[text] = [...Array(8).keys()].map((m) => qrMatrix(text, m).modules.map((r) => r.map(Number).join('')));\n"
        "}\n"
        "console.log(JSON.stringify(out));\n", encoding="utf-8")
    done = subprocess.run([node(), str(script), json.dumps(QR_TEXTS)], capture_output=True, text=True, check=True)
    ours = json.loads(done.stdout)
    for text in QR_TEXTS:
        for mask in range(8):
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
            code.add_data(QRData(text.encode(), mode=MODE_8BIT_BYTE))
            code.make(fit=True)
            theirs = ["".join(str(int(v)) for v in row) for row in code.modules]
            assert ours[text][mask] == theirs, (text[:40], mask, code.version)
