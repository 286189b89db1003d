/* Search over the Pagefind index of the Danish service pages (the design is in generator/site/search.py).
   The form is plain HTML. This script runs the search, keeps the whole state in the URL (and restores it, so a
   filtered list can be shared or bookmarked) and sorts by distance. Record text reaches the page only through
   textContent. Pagefind is loaded on first use, so the page itself stays light.
   A search looks in one place first: a municipality, chosen or found from a postcode or the reader's position,
   loads that municipality's bundle and the nationwide one. The whole country is the reader's explicit choice,
   since it loads every bundle's index, three times as much (bench/README.md). */

import { formFilters, printHandout, staleNotice } from "./handout.js";

const form = document.querySelector("[data-search]");
const PAGE = 20; // results shown at a time
const LOAD_ALL = 40; // up to this many matches, distance sort simply loads them all
const CAP = 2; // distance sort loads at most this many times the results it shows
const RADII = [2, 4, 8, 16, 32, 64]; // km around the origin tried in turn by distance sort; then everywhere
const SORTS = ["", "navn", "afstand"];
const KM_PER_DEGREE = 111.2;

if (form) start(form);

function start(form) {
  const text = JSON.parse(document.getElementById("search-texts").textContent);
  // The URL parameters and the index's filter keys, as the build names them (urls.SEARCH_PARAMS); the selects
  // marked data-filter are the filters, the place (the municipality) first.
  const P = JSON.parse(form.dataset.params);
  const SELECTS = [...form.querySelectorAll("select[data-filter]")].map((select) => select.name);
  const el = {
    results: document.querySelector("[data-results]"),
    status: document.querySelector("[data-status]"),
    list: document.querySelector("[data-list]"),
    more: document.querySelector("[data-more]"),
    print: document.querySelector("[data-print]"),
    everywhere: document.querySelector("[data-everywhere]"),
    locate: form.querySelector("[data-locate]"),
  };
  const config = {
    bundle: new URL(form.dataset.bundle, document.baseURI).href,
    href: form.dataset.serviceHref,
    noPlace: form.dataset.noPlace,
    everywhere: form.dataset.everywhereValue,
    openKey: form.dataset.openKey,
    cell: form.dataset.cell.split(",").map(Number),
    words: {
      all: form.dataset.allWord,
      municipality: form.dataset.municipalityWord,
      nationwide: form.dataset.nationwideWord,
    },
  };
  const lang = document.documentElement.lang || "da";
  const collator = new Intl.Collator("da");
  let module = null;
  const instances = new Map();
  const json = {};
  let userPoint = null; // from the browser's geolocation: kept in memory only, never put in the URL
  let current = null; // { source, shown, notes }
  let runId = 0;
  let typing = null;
  let derived = ""; // the municipality last found from a postcode or the position, not chosen by the reader

  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;
  writeForm(new URLSearchParams(location.search));
  if (hasSearch(readForm())) run("none");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (/^\d{4}$/.test(form.elements[P.postcode].value.trim()) && !form.elements[P.sort].value) {
      form.elements[P.sort].value = "afstand"; // a typed postcode is there to sort by distance
    }
    run("push");
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === P.query) return;
    if (event.target.name === P.postcode) {
      if (/^\d{4}$/.test(event.target.value.trim())) form.elements[P.sort].value = "afstand";
      forgetDerivedPlace(); // a new postcode finds its own municipality
    }
    run("push");
  });
  form.elements[P.query].addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run("replace"), 300);
  });
  el.locate.addEventListener("click", locate);
  el.more.addEventListener("click", () => showMore(runId));
  el.print.addEventListener("click", async () => printHandout({
    ids: await matchingIds(), place: readForm().municipality, filters: formFilters(form), status: el.status,
  }));
  el.everywhere.addEventListener("click", () => {
    form.elements[P.municipality].value = config.everywhere;
    run("push");
  });
  window.addEventListener("popstate", () => {
    writeForm(new URLSearchParams(location.search));
    run("none");
  });

  // --- the form and the URL ------------------------------------------------------------------------------

  function readForm() {
    const data = new FormData(form);
    const state = { q: (data.get(P.query) || "").trim(), filters: {} };
    for (const name of SELECTS) state.filters[name] = data.get(name) || "";
    state.place = state.filters[P.municipality];
    state.open = data.get(P.open_now) === "nu";
    state.times = data.getAll(P.times);
    state.sort = data.get(P.sort) || "";
    state.postcode = (data.get(P.postcode) || "").trim();
    state.municipality = state.place === config.everywhere ? "" : state.place; // "" across the country
    return state;
  }

  function writeForm(params) {
    form.elements[P.query].value = params.get(P.query) || "";
    for (const name of SELECTS) {
      const select = form.elements[name];
      const value = params.get(name) || "";
      select.value = [...select.options].some((o) => o.value === value) ? value : "";
    }
    form.elements[P.open_now].checked = params.get(P.open_now) === "nu";
    const times = params.getAll(P.times);
    for (const box of form.querySelectorAll(`input[name="${P.times}"]`)) box.checked = times.includes(box.value);
    const sort = params.get(P.sort) || "";
    form.elements[P.sort].value = SORTS.includes(sort) ? sort : "";
    const postcode = params.get(P.postcode) || "";
    form.elements[P.postcode].value = /^\d{4}$/.test(postcode) ? postcode : "";
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set(P.query, state.q);
    for (const name of SELECTS) if (state.filters[name]) params.set(name, state.filters[name]);
    if (state.open) params.set(P.open_now, "nu");
    for (const value of state.times) params.append(P.times, value);
    if (state.sort) params.set(P.sort, state.sort);
    if (state.postcode) params.set(P.postcode, state.postcode);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // Sorting by name alone lists nothing: it orders a list that a word, a filter or a place makes. Nor does
  // "the whole country" alone: it is where to look, not what for.
  function hasSearch(state) {
    return Boolean(state.q || state.municipality || SELECTS.slice(1).some((n) => state.filters[n]) || state.open
      || state.times.length || state.sort === "afstand");
  }

  // --- running a search ----------------------------------------------------------------------------------

  async function run(history) {
    const state = readForm();
    const url = urlFor(state);
    if (history === "push" && url !== location.pathname + location.search) window.history.pushState(null, "", url);
    if (history === "replace") window.history.replaceState(null, "", url);
    const id = ++runId;
    el.results.hidden = false;
    el.everywhere.hidden = true;
    if (!hasSearch(state)) {
      showNothing(text.start);
      return;
    }
    el.results.setAttribute("aria-busy", "true"); // until this search's list is shown
    setStatus(text.searching);
    try {
      const notes = [];
      if (!state.place && !(await findPlace(state, notes, id))) {
        if (id !== runId) return;
        showNothing([...notes, text.choose_place].join(" "));
        el.everywhere.hidden = false;
        return;
      }
      if (id !== runId) return;
      const source = await sourceFor(state, notes);
      if (id !== runId) return;
      current = { source, shown: 0, notes };
      await showMore(id);
    } catch (error) {
      if (id === runId) setStatus(text.failed);
      throw error;
    } finally {
      if (id === runId) el.results.removeAttribute("aria-busy");
    }
  }

  function showNothing(message) {
    current = null;
    el.list.replaceChildren();
    el.more.hidden = el.print.hidden = true;
    setStatus(message);
    el.results.removeAttribute("aria-busy");
  }

  // --- where to look -------------------------------------------------------------------------------------

  // The municipality of the reader's postcode or position, put into the form and the URL (the reader sees it and
  // can change it): true when there is one.
  async function findPlace(state, notes, id) {
    let code = "";
    let note = "";
    if (/^\d{4}$/.test(state.postcode)) {
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
    state.filters[P.municipality] = code;
    window.history.replaceState(null, "", urlFor(state));
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

  async function sourceFor(state, notes) {
    const bundles = await bundlesFor(state);
    if (!bundles.length) return listSource([]);
    const find = await finderFor(bundles, state);
    const filters = filtersFor(state);
    if (state.open) {
      const open = await openNow();
      if (!open) notes.push(text.open_unknown);
      else if (!open.values.length) return listSource([]);
      else filters[open.key] = { any: open.values };
    }
    if (state.sort === "afstand") {
      const origin = await originFor(state, notes);
      if (origin) return distanceSource((extra) => find({ filters: { ...filters, ...extra } }), origin);
    }
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

  // The bundles a search needs: the municipality's own and the nationwide offers', or all of them. Which bundle
  // holds which municipality's offers is written with the bundles (bundles.json), so the two always agree.
  async function bundlesFor(state) {
    const index = await loadJSON("bundles.json");
    if (!state.municipality) return index.bundles;
    return [index.municipalities[state.municipality], index.nationwide].filter((b) => index.bundles.includes(b));
  }

  // Across the country one search over the bundles merged; within a municipality each bundle alone (its own
  // offers, then the nationwide ones), since Pagefind drops from a query the words its index lacks, and the
  // municipality's bundle lacks the nationwide word, the nationwide bundle the municipality's.
  async function finderFor(bundles, state) {
    if (!state.municipality) return finder(await pagefindFor(bundles), state);
    const finders = [];
    for (const bundle of bundles) finders.push(await finder(await pagefindFor([bundle]), state));
    return async (options) => {
      const found = [];
      for (const find of finders) found.push(...(await find(options)));
      return unique(found);
    };
  }

  // A search function for the reader's words (and municipality): options -> results without repeats.
  // Pagefind leaves out the words of a query it does not know, so each word this adds to the reader's is first
  // checked to be in the bundle, and a query none of whose words are known finds nothing.
  async function finder(pf, state) {
    const search = async (term, options) => unique((await pf.search(term, options)).results);
    const known = async (term) => (await search(term, {})).length > 0;
    if (state.q && !(await known(state.q))) return async () => [];
    if (!state.municipality) return (options) => search(state.q || config.words.all, options);
    // An offer carries the word of each municipality it serves; a nationwide offer the nationwide word.
    const words = [config.words.municipality + state.municipality, config.words.nationwide];
    const present = [];
    for (const word of words) if (await known(word)) present.push(word);
    const terms = present.map((word) => (state.q ? state.q + " " : "") + word);
    return async (options) => {
      const found = [];
      for (const term of terms) found.push(...(await search(term, options)));
      return unique(found);
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

  function filtersFor(state) {
    const filters = {};
    for (const name of SELECTS.slice(1)) if (state.filters[name]) filters[name] = state.filters[name];
    if (state.times.length) filters[P.times] = state.times; // a list means all of them
    return filters;
  }

  async function showMore(id) {
    if (!current || id !== runId) return;
    const { source, notes } = current;
    const items = await source.take(current.shown, PAGE);
    if (id !== runId) return;
    if (current.shown === 0) el.list.replaceChildren(); // the previous list stays until this one is ready
    current.shown += items.length;
    el.list.append(...items.map(render));
    el.more.hidden = current.shown >= source.total;
    el.print.hidden = source.total === 0;
    const count = source.total ? text.count.replace("{n}", source.total.toLocaleString(lang)) : text.none;
    setStatus([count, ...notes].join(" "));
  }

  // The handout's one call into this module: the ids of every offer the shown search matches (not only those
  // shown so far), in the list's order.
  async function matchingIds() {
    if (!current) return [];
    const items = await current.source.take(0, current.source.total);
    return items.map((data) => data.meta.id);
  }

  function setStatus(message) {
    if (el.status.textContent !== message) el.status.textContent = message;
  }

  // --- results -------------------------------------------------------------------------------------------

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

  function render(data) {
    const meta = data.meta || {};
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = meta.id ? config.href.replace("__id__", encodeURIComponent(meta.id)) : data.url;
    link.textContent = meta.title || "";
    heading.append(link);
    const summary = document.createElement("p");
    summary.textContent = meta.summary || "";
    const organisation = document.createElement("span");
    organisation.textContent = meta.organisation || "";
    // Record text is Danish: on a page in another language it says so (WCAG 3.1.2).
    if (lang !== "da") for (const node of [link, summary, organisation]) node.lang = "da";
    const facts = document.createElement("p");
    facts.className = "meta";
    let parts = [meta.place || (meta.nationwide ? text.nationwide : "")];
    if (data.distance !== undefined) {
      parts.push(data.distance === null ? text.no_place : formatKm(data.distance));
    }
    if (meta.status) parts.push(text.status[meta.status] || meta.status);
    parts = parts.filter(Boolean);
    if (meta.organisation) facts.append(organisation, ...parts.map((part) => " · " + part));
    else facts.append(parts.join(" · "));
    item.append(heading, summary, ...staleNotice(meta.verified), facts);
    return item;
  }

  function formatKm(km) {
    const digits = km < 10 ? 1 : 0;
    return km.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }) + " km";
  }

  // --- loading on demand ---------------------------------------------------------------------------------

  // One Pagefind instance per set of bundles: the first bundle's, with the others merged into it.
  function pagefindFor(bundles) {
    const key = bundles.join(",");
    if (!instances.has(key)) {
      const ready = (async () => {
        module ??= import(config.bundle + bundles[0] + "/pagefind.js");
        const pf = (await module).createInstance({ basePath: config.bundle + bundles[0] + "/" });
        await pf.init();
        for (const other of bundles.slice(1)) await pf.mergeIndex(config.bundle + other + "/");
        return pf;
      })();
      ready.catch(() => {
        module = null;
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
        form.elements[P.sort].value = "afstand";
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
    const placeless = await search({ celle: config.noPlace });
    const located = await search({ not: { celle: config.noPlace } });
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
        const found = await search({ celle: { any: cellsWithin(origin, km) } });
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
        const items = [];
        if (from < located.length) {
          await fill(from + n);
          items.push(...shown.slice(from, from + n));
        }
        const rest = from + n - Math.max(from, located.length);
        if (items.length < n && rest > 0) {
          const start = Math.max(0, from - located.length);
          const more = await Promise.all(placeless.slice(start, start + rest).map((r) => r.data()));
          items.push(...more.map((data) => ({ ...data, distance: null })));
        }
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
