/* The print handout of a list (a search's results, a municipality's offers, a category, a target group): every
   offer of the list, not only those shown, each with its addresses, opening hours in words, phone, web address, a
   QR code and the short address of its page; the choices that made the list, the print date and where to check
   for changes. Built in the page from the municipality feeds the site publishes (data/kommuner/, documented in
   docs/indlejring.md), then printed; print.css shows only the handout while it prints. Record text reaches the
   page only through textContent.

   Lists call printHandout(); a page's own buttons (data-handout) describe their list in data attributes. */

const DAY = 86400000;

let config = null;

function setup() {
  if (!config) {
    const block = document.getElementById("handout-texts");
    config = { ...JSON.parse(block.textContent), root: block.dataset.root, lang: document.documentElement.lang || "da" };
  }
  return config;
}

/**
 * Print every offer of a list as a handout.
 * - ids: the offers' ids in the list's order (search.js gives every match's), or null for every offer of `feeds`
 *   that has the `match` values;
 * - place: the municipality code the list is in, "" for the whole country (which feeds to read, when `feeds` is
 *   not given); feeds: feed names (a municipality's code, the country's, the nationwide offers': urls.py);
 * - match: {categories: id} or {target_groups: id}: what a list page lists;
 * - heading: the list's title; filters: [[label, value], ...], the choices in words.
 * Resolves when the print dialog has been asked for; says what happens in `status` (a live region), if given.
 */
// qr.js's encoder once a handout is printed (see printHandout).
let qrSvg = () => null;

export async function printHandout({ ids = null, place = "", feeds = null, match = {}, heading = "", filters = [],
                                     status = null }) {
  const c = setup();
  const say = (text) => { if (status) status.textContent = text; };
  say(c.texts.loading);
  let offers;
  try {
    // The QR encoder is wanted only on paper: fetched with the feeds, so a search page loads none of it.
    let rows;
    [rows, { qrSvg }] = await Promise.all([
      loadFeeds(feeds || (place ? [place, c.nationwide] : [c.country, c.nationwide])), import("./qr.js")]);
    offers = ids ? ids.map((id) => rows.get(id)) : select([...rows.values()], match);
  } catch (error) {
    say(c.texts.failed);
    throw error;
  }
  const missing = offers.filter((o) => !o).length;
  offers = offers.filter(Boolean);
  document.querySelector(".handout")?.remove();
  (document.querySelector("main") || document.body)
    .append(handout(offers, { heading: heading || c.texts.search_heading, filters, missing }));
  document.body.classList.add("printing-handout");
  say(c.texts.ready.replace("{n}", offers.length.toLocaleString(c.lang)));
  window.addEventListener("afterprint", () => document.body.classList.remove("printing-handout"), { once: true });
  window.print();
}

/** The stale notice for an offer last verified on `verified` (an ISO date), as a list of 0 or 1 elements: the
 *  marker search results carry, as cards do. */
export function staleNotice(verified) {
  const c = setup();
  if (!verified || Date.now() - new Date(`${verified}T12:00:00Z`).getTime() <= c.stale_after * DAY) return [];
  const p = element("p", undefined, "stale");
  p.append(element("strong", c.stale_notice));
  return [p];
}

/** The search form's choices in words: [[label, value], ...] for every field that is filled in or ticked. */
export function formFilters(form) {
  const found = [];
  const labelOf = (el) => (form.querySelector(`label[for="${el.id}"]`)?.textContent || el.name).trim();
  for (const el of form.elements) {
    if (el.tagName === "SELECT" && el.value) {
      found.push([labelOf(el), el.selectedOptions[0].textContent.trim()]);
    } else if ((el.type === "search" || el.type === "text") && el.value.trim()) {
      found.push([labelOf(el).split("(")[0].trim(), el.value.trim()]);
    } else if (el.type === "checkbox" && el.checked) {
      const legend = el.closest("fieldset")?.querySelector("legend")?.textContent.trim() || "";
      found.push([legend, el.closest("label")?.textContent.trim() || el.value]);
    }
  }
  return found;
}

// Every offer of the feeds by id, each with its opening hours in words resolved from its own feed's table.
async function loadFeeds(names) {
  const c = setup();
  const column = c.lang === "en" ? 1 : 0;
  const feeds = await Promise.all(names.map(async (name) => {
    const response = await fetch(`${c.root}${c.feeds}${name}.json`);
    if (!response.ok) throw new Error(`${name}.json: HTTP ${response.status}`);
    return response.json();
  }));
  const rows = new Map();
  for (const feed of feeds) {
    const words = (index) => (index === null || index === undefined ? "" : feed.words[index][column]);
    for (const row of feed.services) {
      if (rows.has(row.id)) continue;
      rows.set(row.id, {
        ...row,
        hours: words(row.words),
        places: row.places.map((p) => ({ ...p, hours: words(p.words) })),
        page: feed.pages[c.lang] || feed.pages.da,
      });
    }
  }
  return rows;
}

function select(rows, match) {
  const collator = new Intl.Collator("da");
  const [[key, value] = []] = Object.entries(match);
  return rows.filter((row) => !key || row[key].includes(value)).sort((a, b) => collator.compare(a.name, b.name));
}

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

function handout(offers, { heading, filters, missing }) {
  const c = setup();
  const t = c.texts;
  const date = new Intl.DateTimeFormat(c.lang === "da" ? "da-DK" : "en-GB", { day: "numeric", month: "long",
    year: "numeric" });
  const changed = t.changed.replace("{url}", location.href);
  const section = element("section", undefined, "handout");
  section.setAttribute("aria-labelledby", "handout-heading");
  const head = element("header");
  head.append(element("p", c.site, "handout-site"));
  const title = element("h1", heading);
  title.id = "handout-heading";
  head.append(title);
  if (filters.length) {
    head.append(element("p", `${t.chosen}: ${filters.map(([label, value]) => `${label}: ${value}`).join("; ")}`));
  }
  head.append(element("p", `${t.count.replace("{n}", offers.length.toLocaleString(c.lang))}. `
    + t.printed.replace("{date}", date.format(new Date()))));
  head.append(element("p", changed));
  if (missing) head.append(element("p", t.missing.replace("{n}", missing)));
  section.append(head);
  const list = element("ol", undefined, "handout-list");
  for (const offer of offers) list.append(entry(offer, date));
  section.append(list, element("p", changed, "handout-foot"));
  return section;
}

function entry(offer, date) {
  const c = setup();
  const t = c.texts;
  const item = element("li", undefined, "handout-entry");
  const url = new URL(c.root + offer.page.replace("{id}", encodeURIComponent(offer.id)), location.href);
  const qr = qrSvg(url.href, t.qr);
  if (qr) item.append(qr);
  const name = element("h2", offer.name), organisation = element("p", offer.organisation, "handout-org");
  // Record text is Danish: on a page in another language it says so (WCAG 3.1.2).
  const recordText = (el) => { if (c.lang !== "da") el.lang = "da"; return el; };
  item.append(recordText(name), recordText(organisation));
  item.append(...staleNotice(offer.verified));
  if (offer.status !== "active") {
    const status = element("p", undefined, "status");
    status.append(element("strong", c.status[offer.status]));
    item.append(status);
  }
  const facts = element("dl");
  const fact = (label, value, record) => {
    const dd = element("dd", value);
    facts.append(element("dt", label), record ? recordText(dd) : dd);
  };
  for (const place of offer.places) {
    fact(t.address, place.name ? `${place.name}, ${place.address}` : place.address, true);
    if (place.hours) fact(t.hours, place.hours);
  }
  if (!offer.places.length) fact(t.address, offer.nationwide ? t.nationwide : t.no_place);
  if (offer.hours) fact(t.hours, offer.hours);
  if (offer.phone) fact(t.phone, offer.phone);
  if (offer.website) fact(t.website, offer.website.replace(/^https?:\/\//, ""));
  fact(t.page, url.host + url.pathname);
  fact(t.verified, date.format(new Date(`${offer.verified}T12:00:00Z`)));
  item.append(facts);
  return item;
}

// The list pages' own buttons: a municipality's, a category's or a target group's offers.
function wire() {
  for (const box of document.querySelectorAll("[data-handout]")) {
    const button = box.querySelector("button");
    const status = box.querySelector("[role=status]");
    button.addEventListener("click", () => printHandout({
      feeds: JSON.parse(box.dataset.feeds),
      match: JSON.parse(box.dataset.match || "{}"),
      heading: box.dataset.heading,
      filters: JSON.parse(box.dataset.filters || "[]"),
      status,
    }).catch(() => {}));
    box.hidden = false;
  }
}

wire();
