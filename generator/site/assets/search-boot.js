/* The search page's first requests, started from its head while the rest of the page loads (render.py inlines this
   file, before the stylesheets: as a file of its own, or after them, it would wait a round trip). It reads what the
   search in the address needs (the place: a municipality, or the one of a typed postcode; the words; the filters)
   and asks at once for every file Pagefind will read for it: the runtime and its WebAssembly, each bundle's entry
   and metadata, the index chunks holding the words and the files of the filters (the build names them all in
   the page), and the postcode table or today's opening times when the search uses them. Pagefind then finds
   them fetched instead of asking for one after the other. It only fetches: where it guesses a file wrong (a word
   whose stem sorts elsewhere), Pagefind still asks for the right one. */
(function () {
  "use strict";
  var node = document.getElementById("search-boot");
  var boot = node && JSON.parse(node.textContent);
  if (!boot || !boot.index) return; // a page rendered before the bundles: search.js asks for bundles.json
  var index = boot.index, P = boot.params, query = new URLSearchParams(location.search);
  var place = query.get(P.municipality) || "", postcode = (query.get(P.postcode) || "").trim();
  var typed = /^\d{4}$/.test(postcode);
  if (!place && typed) place = municipalityOf(postcode);
  var words = (query.get(P.query) || "").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").split(/\s+/)
    .filter(Boolean);
  var bundles = {}; // bundle -> the words its search asks for
  if (place === boot.everywhere) {
    // The whole country is where to look, not what for: only with something to look for is it a search.
    var asked = Array.from(query.keys()).some(function (k) { return k !== P.municipality && k !== P.sort; });
    if (asked) Object.keys(index.bundles).forEach(function (b) { bundles[b] = words.length ? words : [boot.words.all]; });
  } else if (place) {
    var own = index.municipalities[place];
    if (own && index.bundles[own]) bundles[own] = words.concat(boot.words.municipality + place);
    if (index.bundles[index.nationwide]) bundles[index.nationwide] = words.concat(boot.words.nationwide);
  }
  // The build's own words are indexed as they are; a reader's words are stemmed.
  var markers = [boot.words.all, boot.words.nationwide, boot.words.municipality + place];
  var names = Object.keys(bundles);
  if (!names.length) return;
  var filters = boot.filters.filter(function (key) { return query.get(key); });
  if (query.get(P.open_now)) filters.push(boot.open_key + today());
  if (query.get(P.sort) === "afstand" || typed) filters.push(boot.cell_key);
  link("modulepreload", boot.base + boot.runtime);
  link("preload", boot.base + "wasm." + boot.lang + ".pagefind");
  names.forEach(function (name) {
    var bundle = index.bundles[name], base = boot.base + name + "/", files = {};
    link("preload", base + "pagefind-entry.json?ts=" + encodeURIComponent(bundle.v));
    link("preload", base + "pagefind." + bundle.v + ".pf_meta");
    bundles[name].forEach(function (word) {
      chunksOf(bundle.c, word, markers.indexOf(word) >= 0).forEach(function (chunk) {
        files["index/" + chunk + ".pf_index"] = true;
      });
    });
    filters.forEach(function (key) {
      if (bundle.f[key]) files["filter/" + bundle.f[key] + ".pf_filter"] = true;
    });
    Object.keys(files).forEach(function (file) { link("preload", base + file); });
  });
  if (typed) link("preload", boot.base + "postcodes.json");
  if (query.get(P.open_now)) link("preload", boot.base + "open-hours.json");

  // As fetch() asks for them (same origin, CORS mode), so that the browser hands the responses to it.
  function link(rel, href) {
    var el = document.createElement("link");
    el.rel = rel;
    el.href = href;
    if (rel === "preload") {
      el.as = "fetch";
      el.crossOrigin = "anonymous";
    }
    document.head.appendChild(el);
  }

  // The index chunks ([first word, last word, file]) that may hold `word`: the index holds stems, which begin the
  // word, and a word and its stem can fall on either side of a chunk's edge ("familie" and "famili"), so the
  // chunks of each beginning a stem could be: usually one, at most two (a wrong guess would cost a round trip).
  function chunksOf(chunks, word, exact) {
    var found = [];
    for (var end = word.length; end >= (exact ? word.length : Math.max(1, word.length - 4)); end--) {
      var part = word.slice(0, end);
      for (var i = 0; i < chunks.length; i++) {
        if (chunks[i][0] <= part && part <= chunks[i][1] && found.indexOf(chunks[i][2]) < 0) found.push(chunks[i][2]);
      }
    }
    return found;
  }

  // "1000-1499:101,1500:147,...": runs of postcodes and their municipality.
  function municipalityOf(code) {
    var n = Number(code), runs = boot.postcodes.split(",");
    for (var i = 0; i < runs.length; i++) {
      var parts = runs[i].split(":"), range = parts[0].split("-");
      if (Number(range[0]) <= n && n <= Number(range[range.length - 1])) return parts[1];
    }
    return "";
  }

  function today() {
    var p = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Copenhagen", year: "numeric", month: "2-digit",
      day: "2-digit" }).formatToParts(new Date()).forEach(function (part) { p[part.type] = part.value; });
    return p.year + "-" + p.month + "-" + p.day;
  }
})();
