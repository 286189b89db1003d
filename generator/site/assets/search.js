/* Search over the Pagefind index of the Danish service pages (the design is in generator/site/search.py).
   The form is plain HTML. This script runs the search, keeps the whole state in the URL (and restores it, so a
   filtered list can be shared or bookmarked), keeps how much of the list was shown and where the reader was in
   the history entry (so Back returns there), and sorts by distance. Record text reaches the page only through
   textContent.
   A search looks in one place first: a municipality, chosen or found from a postcode or the reader's position,
   loads that municipality's bundle and the nationwide one. The whole country is the reader's explicit choice,
   since it loads every bundle's index, three times as much (bench/README.md).
   A first search is a few round trips: the page's head (search-boot.js) has already asked for the runtime, the
   WebAssembly and the bundles' metadata; here both bundles are opened at once, without Pagefind's web worker,
   and every question for a search is asked at the same time. */

import { formFilters, printHandout, staleNotice } from "./handout.js";

const form = document.querySelector("[data-search]");
const PAGE = 20; // results shown at a time
const LOAD_ALL = 40; // up to this many matches, distance sort simply loads them all
const CAP = 2; // distance sort loads at most this many times the results it shows
const RADII = [2, 4, 8, 16, 32, 64]; // km around the origin tried in turn by distance sort; then everywhere
const SORTS = ["", "navn", "afstand"];
const KM_PER_DEGREE = 111.2;
const WIDE = "(min-width: 48rem)"; // where the filters have room to show open
const SAVE_SCROLL_MS = 250;

if (form) start(form);

function start(form) {
  const text = JSON.parse(document.getElementById("search-texts").textContent);
  const boot = JSON.parse(document.getElementById("search-boot").textContent);
  // The URL parameters and the index's filter keys, as the build names them (urls.SEARCH_PARAMS).
  const P = JSON.parse(form.dataset.params);
  const SELECTS = [P.category, P.target_group, P.language, P.cost, P.access, P.wheelchair];
  const el = {
    results: document.querySelector("[data-results]"),
    count: document.querySelector("[data-count]"),
    notes: document.querySelector("[data-notes]"),
    list: document.querySelector("[data-list]"),
    more: document.querySelector("[data-more]"),
    tools: document.querySelector("[data-tools]"),
    print: document.querySelector("[data-print]"),
    everywhere: document.querySelector("[data-everywhere]"),
    nextSteps: document.querySelector("[data-next-steps]"),
    locate: form.querySelector("[data-locate]"),
    filters: form.querySelector("[data-filters]"),
    filterCount: form.querySelector("[data-filter-count]"),
    filterSummary: form.querySelector("[data-filter-summary]"),
    clear: form.querySelector("[data-clear-filters]"),
    sort: document.getElementById("f-sort"),
  };
  const config = {
    bundle: new URL(form.dataset.bundle, document.baseURI).href,
    href: form.dataset.serviceHref,
    noPlace: form.dataset.noPlace,
    everywhere: form.dataset.everywhereValue,
    openKey: form.dataset.openKey,
    cell: form.dataset.cell.split(",").map(Number),
    cellKey: form.dataset.cellKey,
    ageBands: JSON.parse(form.dataset.ageBands),
    allAges: form.dataset.allAges,
    words: {
      all: form.dataset.allWord,
      municipality: form.dataset.municipalityWord,
      nationwide: form.dataset.nationwideWord,
    },
  };
  const oldest = config.ageBands[config.ageBands.length - 1][1];
  const lang = document.documentElement.lang || "da";
  const collator = new Intl.Collator("da");
  let runtime = null;
  let wasmLoaded = null; // the first Pagefind instance has loaded the WebAssembly
  const instances = new Map();
  const json = {};
  let userPoint = null; // from the browser's geolocation: kept in memory only, never put in the URL
  let current = null; // { source, shown, notes, state }
  let runId = 0;
  let typing = null;
  let saving = null;
  // The handout says how it is getting on in the status's notes line, beside the count.
  const handoutStatus = { set textContent(said) { setStatus(el.count.textContent, [said]); } };
  let derived = ""; // the municipality last found from a postcode or the position, not chosen by the reader

  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;
  if (window.matchMedia(WIDE).matches) el.filters.open = true;
  // The list is drawn after the page loads: the browser cannot put the reader back where they were, this can.
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  writeForm(new URLSearchParams(location.search));
  const first = readForm();
  showFilters(first);
  if (hasSearch(first)) run("none", history.state);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (readForm().postcode && !el.sort.value) el.sort.value = "afstand"; // a typed postcode: nearest first
    run("push");
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === P.query) return;
    if (event.target.name === P.postcode) {
      if (readForm().postcode) el.sort.value = "afstand";
      forgetDerivedPlace(); // a new postcode finds its own municipality
    }
    run("push");
  });
  el.sort.addEventListener("change", () => run("push"));
  form.elements[P.query].addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run("replace"), 300);
  });
  el.locate.addEventListener("click", locate);
  el.more.addEventListener("click", () => showMore(runId));
  el.print.addEventListener("click", async () => printHandout({
    ids: await matchingIds(), place: readForm().municipality, filters: formFilters(form), status: handoutStatus,
  }));
  el.everywhere.addEventListener("click", searchEverywhere);
  el.clear.addEventListener("click", () => {
    clearFilters();
    run("push");
  });
  window.addEventListener("popstate", (event) => {
    writeForm(new URLSearchParams(location.search));
    run("none", event.state);
  });
  window.addEventListener("scroll", () => {
    clearTimeout(saving);
    saving = setTimeout(() => remember({ scroll: window.scrollY }), SAVE_SCROLL_MS);
  }, { passive: true });
  window.addEventListener("pagehide", () => remember({ scroll: window.scrollY }));

  // --- the form and the URL ------------------------------------------------------------------------------

  // The form's state; a postcode or an age that cannot be one is left out, with a note saying so.
  function readForm() {
    const data = new FormData(form);
    const state = { q: (data.get(P.query) || "").trim(), filters: {}, notes: [] };
    for (const name of SELECTS) state.filters[name] = data.get(name) || "";
    state.place = data.get(P.municipality) || "";
    state.municipality = state.place === config.everywhere ? "" : state.place; // "" across the country
    state.open = data.get(P.open_now) === "nu";
    state.times = data.getAll(P.times);
    state.sort = data.get(P.sort) || "";
    const postcode = (data.get(P.postcode) || "").trim();
    state.postcode = /^\d{4}$/.test(postcode) ? postcode : "";
    if (postcode && !state.postcode) state.notes.push(text.postcode_invalid.replace("{code}", postcode));
    const age = (data.get(P.age) || "").trim();
    state.age = /^\d{1,3}$/.test(age) && Number(age) <= oldest ? String(Number(age)) : "";
    if (age && !state.age) state.notes.push(text.age_invalid.replace("{oldest}", oldest).replace("{age}", age));
    return state;
  }

  function writeForm(params) {
    form.elements[P.query].value = params.get(P.query) || "";
    for (const name of [P.municipality, ...SELECTS]) {
      const select = form.elements[name];
      const value = params.get(name) || "";
      select.value = [...select.options].some((o) => o.value === value) ? value : "";
    }
    form.elements[P.open_now].checked = params.get(P.open_now) === "nu";
    const times = params.getAll(P.times);
    for (const box of form.querySelectorAll(`input[name="${P.times}"]`)) box.checked = times.includes(box.value);
    const sort = params.get(P.sort) || "";
    el.sort.value = SORTS.includes(sort) ? sort : "";
    form.elements[P.postcode].value = (params.get(P.postcode) || "").slice(0, 4);
    form.elements[P.age].value = (params.get(P.age) || "").slice(0, 3);
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set(P.query, state.q);
    if (state.place) params.set(P.municipality, state.place);
    for (const name of SELECTS) if (state.filters[name]) params.set(name, state.filters[name]);
    if (state.open) params.set(P.open_now, "nu");
    for (const value of state.times) params.append(P.times, value);
    if (state.age) params.set(P.age, state.age);
    if (state.sort) params.set(P.sort, state.sort);
    if (state.postcode) params.set(P.postcode, state.postcode);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // Sorting by name alone lists nothing: it orders a list that a word, a filter or a place makes. Nor does
  // "the whole country" alone: it is where to look, not what for.
  function hasSearch(state) {
    return Boolean(state.q || state.municipality || state.postcode || chosenFilters(state).length
      || state.sort === "afstand");
  }

  // What the filters behind "Filtre" are set to, in the words of the form: the disclosure names them.
  function chosenFilters(state) {
    const chosen = [];
    for (const name of SELECTS) {
      if (state.filters[name]) chosen.push(form.elements[name].selectedOptions[0].text);
    }
    if (state.age) chosen.push(`${text.age} ${state.age}`);
    for (const box of form.querySelectorAll(`input[type="checkbox"]:checked`)) {
      chosen.push(box.parentElement.textContent.trim());
    }
    return chosen;
  }

  function showFilters(state) {
    const chosen = chosenFilters(state);
    el.filterCount.textContent = chosen.length ? `(${chosen.length})` : "";
    el.filterSummary.textContent = chosen.join(" · ");
    el.clear.hidden = !chosen.length;
  }

  function clearFilters() {
    for (const name of SELECTS) form.elements[name].value = "";
    form.elements[P.age].value = "";
    for (const box of form.querySelectorAll(`input[type="checkbox"]`)) box.checked = false;
  }

  function searchEverywhere() {
    form.elements[P.municipality].value = config.everywhere;
    run("push");
  }

  // --- running a search ----------------------------------------------------------------------------------

  // `restore`: a history entry's { shown, scroll }, to show as much of the list as then, where it was.
  async function run(history, restore = null) {
    const state = readForm();
    const url = urlFor(state);
    if (history === "push" && url !== location.pathname + location.search) window.history.pushState({}, "", url);
    if (history === "replace") window.history.replaceState({}, "", url);
    showFilters(state);
    const id = ++runId;
    el.results.hidden = false;
    el.everywhere.hidden = el.nextSteps.hidden = true;
    if (!hasSearch(state)) {
      showNothing(text.start, state.notes);
      return;
    }
    el.results.setAttribute("aria-busy", "true"); // until this search's list is shown
    setStatus(text.searching, state.notes);
    try {
      const notes = [...state.notes];
      if (!state.place && !(await findPlace(state, notes, id))) {
        if (id !== runId) return;
        showNothing(text.choose_place, notes);
        el.everywhere.hidden = false;
        return;
      }
      if (id !== runId) return;
      const source = await sourceFor(state, notes);
      if (id !== runId) return;
      current = { source, shown: 0, notes, state };
      await showMore(id, Math.max(PAGE, restore?.shown || 0));
      if (id === runId && restore?.scroll) window.scrollTo(0, restore.scroll);
    } catch (error) {
      if (id === runId) showFailed(state);
      throw error;
    } finally {
      if (id === runId) el.results.removeAttribute("aria-busy");
    }
  }

  function showNothing(message, notes) {
    current = null;
    el.list.replaceChildren();
    el.more.hidden = el.tools.hidden = el.print.hidden = true;
    setStatus(message, notes);
    el.results.removeAttribute("aria-busy");
  }

  // A count and what it says ("12 tilbud i Aarhus"), then the notes (where the place came from, the order).
  function setStatus(message, notes = []) {
    if (el.count.textContent !== message) el.count.textContent = message;
    const said = notes.join(" ");
    if (el.notes.textContent !== said) el.notes.textContent = said;
    el.notes.hidden = !said;
  }

  // Nothing found: the ways to widen the search, each one click (drop the filters, the words, the place).
  function showEmpty(state, notes) {
    setStatus(text.none, notes);
    const steps = [];
    if (chosenFilters(state).length) {
      steps.push([text.drop_filters, () => {
        clearFilters();
        run("push");
      }]);
    }
    if (state.q) {
      steps.push([text.drop_word.replace("{q}", state.q), () => {
        form.elements[P.query].value = "";
        run("push");
      }]);
    }
    if (state.municipality) steps.push([text.search_everywhere, searchEverywhere]);
    offer(steps);
  }

  function showFailed(state) {
    setStatus(text.failed, state.notes);
    offer([[text.retry, () => run("none")]]);
  }

  function offer(steps) {
    const buttons = steps.map(([label, action]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = label;
      button.addEventListener("click", action);
      return button;
    });
    const lead = document.createElement("p");
    lead.textContent = text.try_instead;
    el.nextSteps.replaceChildren(...(buttons.length ? [lead, ...buttons] : []));
    el.nextSteps.hidden = !buttons.length;
  }

  // --- where to look -------------------------------------------------------------------------------------

  // The municipality of the reader's postcode or position, put into the form and the URL (the reader sees it and
  // can change it): true when there is one.
  async function findPlace(state, notes, id) {
    let code = "";
    let note = "";
    if (state.postcode) {
      const place = await postcode(state.postcode);
      if (!place) notes.push(text.postcode_unknown.replace("{code}", state.postcode));
      code = place?.municipality || "";
      note = text.place_from_postcode;
    } else if (userPoint) {
      code = await nearestMunicipality(userPoint);
      note = text.place_from_position;
    }
    const option = [...form.elements[P.municipality].options].find((o) => o.value && o.value === code);
    if (!option || id !== runId) return false;
    form.elements[P.municipality].value = derived = state.place = state.municipality = code;
    window.history.replaceState(window.history.state, "", urlFor(state));
    notes.push(note.replace("{municipality}", option.text));
    return true;
  }

  function forgetDerivedPlace() {
    if (derived && form.elements[P.municipality].value === derived) form.elements[P.municipality].value = "";
    derived = "";
  }

  // The municipality of the postcode area whose centre is nearest: close to a border it may be the neighbour,
  // which the reader sees in the form.
  async function nearestMunicipality(point) {
    const table = await loadJSON("postcodes.json");
    let best = null;
    for (const [lat, lon, , code] of Object.values(table)) {
      const km = haversine(point.lat, point.lon, lat, lon);
      if (!best || km < best.km) best = { km, code };
    }
    return best ? best.code : "";
  }

  function placeName(state) {
    if (!state.municipality) return text.nationwide;
    return form.elements[P.municipality].selectedOptions[0]?.text || state.municipality;
  }

  // --- what to search ------------------------------------------------------------------------------------

  async function sourceFor(state, notes) {
    const index = boot.index || (await loadJSON("bundles.json"));
    const bundles = bundlesFor(state, index);
    if (!bundles.length) return listSource([]);
    const filters = filtersFor(state);
    // Everything the search needs, asked for at once: the bundles, today's opening times, the origin.
    const [find, open, origin] = await Promise.all([
      finderFor(bundles, state, index),
      state.open ? openNow() : null,
      state.sort === "afstand" ? originFor(state, notes) : null,
    ]);
    if (state.open) {
      if (!open) notes.push(text.open_unknown);
      else if (!open.values.length) return listSource([]);
      else filters[open.key] = { any: open.values };
    }
    if (origin) return distanceSource((extra) => find({ filters: { ...filters, ...extra } }), origin);
    const byName = state.sort === "navn" || !state.q;
    // Pagefind sorts within one bundle: within a municipality the municipality's own offers (its bundle) come
    // in name order, then the nationwide ones (their own bundle); across the country the names are put in order
    // here, if not too many.
    if (byName && state.municipality) return listSource(await find({ filters, sort: { navn: "asc" } }));
    const found = await find({ filters });
    if (!byName) return listSource(found.sort((a, b) => b.score - a.score));
    if (found.length <= LOAD_ALL) return sortedSource(found);
    notes.push(text.name_needs_municipality);
    return listSource(found);
  }

  // The bundles a search needs: the municipality's own (when offers of its own serve it) and the nationwide
  // offers', or all of them. Which bundle holds which municipality's offers is written with the bundles.
  function bundlesFor(state, index) {
    if (!state.municipality) return Object.keys(index.bundles);
    return [index.municipalities[state.municipality], index.nationwide].filter((b) => b && index.bundles[b]);
  }

  function filtersFor(state) {
    const filters = {};
    for (const name of SELECTS) if (state.filters[name]) filters[name] = state.filters[name];
    if (state.times.length) filters[P.times] = { any: state.times }; // open at any of the ticked times
    // The age's band, or no age limit at all.
    if (state.age) filters[P.age] = { any: [bandOf(Number(state.age)), config.allAges] };
    return filters;
  }

  function bandOf(age) {
    return config.ageBands.find(([first, last]) => first <= age && age <= last)[2];
  }

  // Across the country one search over the bundles merged; within a municipality each bundle alone (its own
  // offers, then the nationwide ones), since Pagefind drops from a query the words its index lacks, and the
  // municipality's bundle lacks the nationwide word, the nationwide bundle the municipality's. The bundles are
  // opened at the same time.
  async function finderFor(bundles, state, index) {
    if (!state.municipality) return finder(await pagefindFor(bundles, index), state.q, "");
    const words = bundles.map((b) => b === index.nationwide
      ? config.words.nationwide : config.words.municipality + state.municipality);
    const finders = await Promise.all(bundles.map(async (b, i) => finder(await pagefindFor([b], index), state.q,
      words[i])));
    return async (options) => unique((await Promise.all(finders.map((find) => find(options)))).flat());
  }

  // A search function for the reader's words among the offers carrying `word` (a municipality's or the
  // nationwide offers'): options -> results without repeats. Pagefind leaves out the words of a query it does
  // not know, so the reader's words are also searched alone, at the same time and from the same index chunks,
  // and a bundle that knows none of them finds nothing.
  function finder(pf, q, word) {
    const search = async (term, options) => unique((await pf.search(term, options)).results);
    const known = q ? search(q, {}).then((found) => found.length > 0) : Promise.resolve(true);
    const term = [q, word].filter(Boolean).join(" ") || config.words.all;
    return async (options) => {
      const [found, ok] = await Promise.all([search(term, options), known]);
      return ok ? found : [];
    };
  }

  // Results without repeats: an offer serving municipalities of several bundles is in each, with the same id and
  // the same word positions there. (Two different pages of two bundles may share a short id, not the positions.)
  function unique(results) {
    const seen = new Set();
    return results.filter((r) => {
      const key = `${r.id} ${r.words.join(",")}`;
      return !seen.has(key) && seen.add(key);
    });
  }

  // --- the list ------------------------------------------------------------------------------------------

  // Show the list up to `upTo` results (the next page by default), and remember how many in the history entry.
  async function showMore(id, upTo) {
    if (!current || id !== runId) return;
    const { source, notes, state } = current;
    const items = await source.take(current.shown, (upTo || current.shown + PAGE) - current.shown);
    if (id !== runId) return;
    if (current.shown === 0) el.list.replaceChildren(); // the previous list stays until this one is ready
    current.shown += items.length;
    el.list.append(...items.map(card));
    window.CatalogueOpenNow?.refresh(); // open-now.js writes each card's open state, and keeps it current
    el.more.hidden = current.shown >= source.total;
    el.tools.hidden = el.print.hidden = source.total === 0;
    if (!source.total) {
      showEmpty(state, notes);
    } else {
      const count = (source.total === 1 ? text.count_one : text.count).replace("{n}", source.total.toLocaleString(lang));
      setStatus(text.count_in.replace("{count}", count).replace("{place}", placeName(state)), notes);
    }
    remember({ shown: current.shown });
  }

  // Keep `values` in this history entry's state (how much of the list is shown, where the reader scrolled to).
  function remember(values) {
    window.history.replaceState({ ...window.history.state, ...values }, "");
  }

  // The handout's one call into this module: the ids of every offer the shown search matches (not only those
  // shown so far), in the list's order.
  async function matchingIds() {
    if (!current) return [];
    const items = await current.source.take(0, current.source.total);
    return items.map((data) => data.meta.id);
  }

  function listSource(results) {
    return {
      total: results.length,
      take: (from, n) => Promise.all(results.slice(from, from + n).map((r) => r.data())),
    };
  }

  function sortedSource(results) {
    let all = null;
    return {
      total: results.length,
      async take(from, n) {
        all ??= (await Promise.all(results.map((r) => r.data())))
          .sort((a, b) => collator.compare(a.meta.title || "", b.meta.title || ""));
        return all.slice(from, from + n);
      },
    };
  }

  // One result: what decides a visit (where, whether it is open, the price, whether a referral is needed, the
  // ages) before the offer's page is opened. Record text is written with textContent only.
  function card(data) {
    const meta = data.meta || {};
    const item = document.createElement("li");
    item.className = "result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = meta.id ? config.href.replace("__id__", encodeURIComponent(meta.id)) : data.url;
    link.textContent = meta.title || "";
    heading.append(link);
    const places = [meta.place || (meta.nationwide ? text.nationwide : "")];
    if (data.distance !== undefined) places.push(data.distance === null ? text.no_place : formatKm(data.distance));
    const where = line("meta", places);
    const organisation = document.createElement("span");
    organisation.textContent = meta.organisation || "";
    if (meta.organisation) where.prepend(organisation, where.textContent ? " · " : "");
    item.append(heading, where);
    const open = openState(meta.hours);
    if (open) item.append(open);
    const summary = line("result-summary", [meta.summary]);
    item.append(summary, ...staleNotice(meta.verified));
    // Record text is Danish: on a page in another language it says so (WCAG 3.1.2).
    if (lang !== "da") for (const node of [link, summary, organisation]) node.lang = "da";
    const facts = line("result-facts", [
      text.labels.cost[meta.cost], referral(meta.access), ages(meta.age), text.labels.wheelchair[meta.wheelchair],
    ]);
    if (meta.status) {
      const status = document.createElement("strong");
      status.textContent = text.labels.status[meta.status] || meta.status;
      facts.prepend(status, facts.textContent ? " · " : "");
    }
    if (facts.textContent) item.append(facts);
    return item;
  }

  function line(className, parts) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = parts.filter(Boolean).join(" · ");
    return p;
  }

  // The open state from the offer's open intervals ("start:length:a-b,..." in minutes from the window's start,
  // search.compact_hours): the same intervals and the same words (open-now.js) as the offer's page.
  function openState(hours) {
    if (!hours) return null;
    const [start, length, spans] = hours.split(":");
    const from = Number(start);
    const intervals = spans ? spans.split(",").map((span) => span.split("-").map((m) => from + 60 * Number(m))) : [];
    const p = document.createElement("p");
    p.className = "open-now";
    p.hidden = true;
    p.dataset.open = JSON.stringify(intervals);
    p.dataset.from = String(from);
    p.dataset.until = String(from + 60 * Number(length));
    return p;
  }

  function referral(access) {
    const routes = (access || "").split(",").filter(Boolean);
    if (!routes.length) return "";
    return routes.includes("self-referral") ? text.no_referral : text.referral;
  }

  function ages(range) {
    if (!range) return "";
    const [min, max] = range.split("-");
    if (min && max) return text.age_range.replace("{min}", min).replace("{max}", max);
    return min ? text.age_from.replace("{min}", min) : text.age_to.replace("{max}", max);
  }

  function formatKm(km) {
    const digits = km < 10 ? 1 : 0;
    return km.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }) + " km";
  }

  // --- loading on demand ---------------------------------------------------------------------------------

  // One Pagefind instance per set of bundles: the first bundle's, with the others merged into it, all opened at
  // once. Each asks for its entry with its index version (the address the page's head has already fetched), and
  // searches in this thread: its web worker would be one more script, and a five-second wait, on a slow phone.
  // Pagefind keeps its WebAssembly in the module: two instances that both start loading it get two copies, and
  // one of them then searches in the other's memory (it finds nothing). So the first instance loads it, and the
  // others start once it is there; what they fetch the page's head has already asked for, so no trip is lost.
  function pagefindFor(bundles, index) {
    const key = bundles.join(",");
    if (!instances.has(key)) {
      const version = (b) => ({ metaCacheTag: index.bundles[b].v });
      const ready = (async () => {
        runtime ??= import(config.bundle + boot.runtime);
        const module = await runtime;
        const first = !wasmLoaded;
        let loaded = () => {};
        if (first) wasmLoaded = new Promise((resolve) => (loaded = resolve));
        else await wasmLoaded;
        try {
          const pf = module.createInstance({ basePath: config.bundle + bundles[0] + "/", noWorker: true,
            ...version(bundles[0]) });
          await pf.init();
          await Promise.all(bundles.slice(1).map((b) => pf.mergeIndex(config.bundle + b + "/", version(b))));
          if (first) await pf.search(""); // answers once the instance has its metadata and the WebAssembly
          return pf;
        } catch (error) {
          if (first) wasmLoaded = null;
          throw error;
        } finally {
          loaded();
        }
      })();
      ready.catch(() => {
        runtime = null;
        instances.delete(key);
      });
      instances.set(key, ready);
    }
    return instances.get(key);
  }

  function loadJSON(name) {
    if (!json[name]) {
      json[name] = fetch(config.bundle + name).then((r) => {
        if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
        return r.json();
      });
      json[name].catch(() => delete json[name]);
    }
    return json[name];
  }

  // --- open now --------------------------------------------------------------------------------------------

  // The filter for "open now": today's filter key and those of today's opening times that include this minute.
  async function openNow() {
    const hours = await loadJSON("open-hours.json");
    const now = copenhagenNow();
    if (now.day < hours.from || now.day > hours.until) return null;
    const values = (hours.days[now.day] || []).filter((spans) => spans.split("+").some((span) => {
      const [from, to] = span.split("-").map(Number);
      return from <= now.clock && now.clock < to;
    }));
    return { key: config.openKey + now.day, values };
  }

  function copenhagenNow() {
    const format = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Copenhagen", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    const p = {};
    for (const part of format.formatToParts(new Date())) p[part.type] = part.value;
    return { day: `${p.year}-${p.month}-${p.day}`, clock: Number(p.hour + p.minute) };
  }

  // --- distance ---------------------------------------------------------------------------------------------

  function locate() {
    if (!navigator.geolocation) {
      setStatus(text.position_failed);
      return;
    }
    setStatus(text.locating);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        userPoint = { lat: position.coords.latitude, lon: position.coords.longitude, note: text.from_you };
        form.elements[P.postcode].value = "";
        forgetDerivedPlace(); // the position finds its own municipality
        el.sort.value = "afstand";
        run("push");
      },
      () => setStatus(text.position_failed),
      { maximumAge: 600000, timeout: 15000 },
    );
  }

  async function originFor(state, notes) {
    if (state.postcode) {
      const place = await postcode(state.postcode);
      if (place) {
        notes.push(text.from_postcode.replace("{place}", `${state.postcode} ${place.name}`));
        return place;
      }
      notes.push(text.postcode_unknown.replace("{code}", state.postcode));
      return null;
    }
    if (userPoint) {
      notes.push(userPoint.note);
      return userPoint;
    }
    notes.push(text.need_place);
    return null;
  }

  async function postcode(code) {
    const table = await loadJSON("postcodes.json");
    const n = Number(code);
    for (const [key, [lat, lon, name, municipality]] of Object.entries(table)) {
      const [low, high] = key.split("-").map(Number);
      if (key === code || (high && low <= n && n <= high)) return { lat, lon, name, municipality };
    }
    return null;
  }

  // Offers nearest to `origin`. Pagefind knows each place's grid cell (about 2 x 2 km), so the search asks for
  // the offers in the cells within a growing radius and loads only those to sort them by their exact
  // coordinates. Every offer nearer than the radius is among them, so the order is exact up to the radius;
  // only where one radius step holds more offers than it may load is the step's order approximate.
  // Offers without a place come last.
  async function distanceSource(search, origin) {
    const [placeless, located] = await Promise.all([
      search({ [config.cellKey]: config.noPlace }), search({ not: { [config.cellKey]: config.noPlace } }),
    ]);
    const loaded = new Map();
    const withDistance = (r) => {
      if (!loaded.has(r.id)) {
        loaded.set(r.id, r.data().then((data) => ({ ...data, distance: nearestPlace(data.meta.geo, origin) })));
      }
      return loaded.get(r.id);
    };
    const sorted = async (results) => (await Promise.all(results.map(withDistance)))
      .sort((a, b) => a.distance - b.distance || (a.meta.id < b.meta.id ? -1 : 1));
    // What the list has shown, in order: a later page only adds offers, even where the order is approximate.
    const shown = [];
    const shownIds = new Set();

    async function nearest(n) {
      const cap = CAP * n;
      if (located.length <= Math.max(LOAD_ALL, cap)) return sorted(located);
      let inner = [];
      for (const km of RADII) {
        const found = await search({ [config.cellKey]: { any: cellsWithin(origin, km) } });
        if (found.length > cap) return sorted(topUp(inner, found, cap)); // a dense step
        const items = await sorted(found);
        if (items.filter((item) => item.distance <= km).length >= n) return items;
        inner = found;
      }
      return sorted(topUp(inner, located, cap));
    }

    function topUp(first, more, cap) {
      const seen = new Set(first.map((r) => r.id));
      return first.concat(more.filter((r) => !seen.has(r.id)).slice(0, Math.max(0, cap - first.length)));
    }

    async function fill(count) {
      for (let n = count; shown.length < Math.min(count, located.length); n = Math.min(located.length, 2 * n)) {
        for (const item of await nearest(n)) {
          if (shown.length >= count) break;
          if (!shownIds.has(item.meta.id)) {
            shownIds.add(item.meta.id);
            shown.push(item);
          }
        }
        if (n >= located.length) break;
      }
    }

    return {
      total: located.length + placeless.length,
      async take(from, n) {
        const rest = from + n - Math.max(from, located.length);
        const start = Math.max(0, from - located.length);
        // The offers without a place that this page shows depend only on how many have one: they are loaded
        // beside the nearest ones, not one round trip after them.
        const more = rest > 0 ? Promise.all(placeless.slice(start, start + rest).map((r) => r.data())) : [];
        const items = [];
        if (from < located.length) {
          await fill(from + n);
          items.push(...shown.slice(from, from + n));
        }
        if (items.length < n && rest > 0) items.push(...(await more).map((data) => ({ ...data, distance: null })));
        return items;
      },
    };
  }

  // The grid cells ('row_column', as generator/site/search.py names them) with a point within `km` of `origin`.
  function cellsWithin(origin, km) {
    const [height, width] = config.cell;
    const dLat = km / KM_PER_DEGREE;
    const dLon = km / (KM_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180));
    const cells = [];
    for (let row = Math.floor((origin.lat - dLat) / height); row <= Math.floor((origin.lat + dLat) / height); row++) {
      for (let col = Math.floor((origin.lon - dLon) / width); col <= Math.floor((origin.lon + dLon) / width); col++) {
        // The cell's point nearest to the origin.
        const lat = Math.min(Math.max(origin.lat, row * height), (row + 1) * height);
        const lon = Math.min(Math.max(origin.lon, col * width), (col + 1) * width);
        if (haversine(origin.lat, origin.lon, lat, lon) <= km) cells.push(`${row}_${col}`);
      }
    }
    return cells;
  }

  function nearestPlace(geo, origin) {
    if (!geo) return Infinity;
    return Math.min(...geo.split(";").map((pair) => {
      const [lat, lon] = pair.split(",").map(Number);
      return haversine(origin.lat, origin.lon, lat, lon);
    }));
  }

  function haversine(lat1, lon1, lat2, lon2) {
    const rad = Math.PI / 180;
    const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2
      + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(a));
  }
}
