/* The embeddable widget (indlejr/, en/embed/): reads its options from the query string, loads the compact
   municipality feeds from data/kommuner/ and draws an accessible list and, when asked, a Leaflet map.
   - Record text only ever reaches the page through textContent (names come from strangers' pull requests).
   - Links open the full page outside the iframe (target="_top").
   - No cookies, no storage; the only third-party requests are the configured map tiles.
   - The widget posts its height to the host page ({type, height}); the documented snippet checks the
     message's origin and source before it resizes the iframe. Without that script the iframe keeps its
     height and scrolls. */
(function () {
  "use strict";
  var box = document.querySelector("[data-embed]");
  var config = JSON.parse(document.getElementById("embed-config").textContent);
  var T = config.text;
  var root = new URL(box.getAttribute("data-root"), location.href).href;
  var PAGE = 50; // offers per page of the list: thousands of list items would make the page slow to draw
  var DENMARK = [[54.55, 8.05], [57.75, 15.2]];
  var status = box.querySelector("[data-status]");

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  // --- options --------------------------------------------------------------------------------------------

  // The query string's options; `problems` names every value the widget does not know, so a typo in a
  // snippet shows as a sentence instead of an empty list.
  function readOptions(search) {
    var query = new URLSearchParams(search);
    var problems = [];
    function list(key, known) {
      var values = (query.get(key) || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean);
      values.forEach(function (v) {
        if (known && !Object.prototype.hasOwnProperty.call(known, v)) {
          problems.push(fmt(T.bad_value, { key: key, value: v }));
        }
      });
      return values;
    }
    // "alle" (Danish, like the feed's name) or "all" for the whole country.
    var codes = list("municipality").map(function (code) { return code === "all" ? config.all : code; });
    var all = codes.indexOf(config.all) !== -1;
    codes.forEach(function (code) {
      if (code !== config.all && !Object.prototype.hasOwnProperty.call(config.municipalities, code)) {
        problems.push(fmt(T.bad_municipality, { code: code }));
      }
    });
    if (!codes.length) problems.push(T.no_municipality);
    var view = query.get("view") || "both";
    if (["map", "list", "both"].indexOf(view) === -1) problems.push(fmt(T.bad_value, { key: "view", value: view }));
    var open = query.get("open_now") || "";
    if (["", "0", "1", "true", "false"].indexOf(open) === -1) {
      problems.push(fmt(T.bad_value, { key: "open_now", value: open }));
    }
    return {
      codes: all ? [config.all] : codes,
      categories: list("category", config.labels.categories),
      target_groups: list("target_group", config.labels.target_groups),
      languages: list("language", config.labels.languages),
      openNow: open === "1" || open === "true",
      view: view,
      problems: problems,
    };
  }

  // --- data -----------------------------------------------------------------------------------------------

  function getJSON(url) {
    return fetch(url, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  // Offers from one or more feeds, each once (a nationwide offer is in every feed), with absolute intervals.
  function merge(feeds) {
    var seen = {};
    var offers = [];
    feeds.forEach(function (feed) {
      feed.services.forEach(function (s) {
        if (seen[s.id]) return;
        seen[s.id] = true;
        s.intervals = s.open === null ? null : feed.hours[s.open];
        s.window = feed.window;
        offers.push(s);
      });
    });
    if (feeds.length > 1) {
      var collator = new Intl.Collator(config.lang === "da" ? "da" : "en");
      offers.sort(function (a, b) { return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1); });
    }
    return offers;
  }

  function anyOf(wanted, values) {
    if (!wanted.length) return true;
    for (var i = 0; i < wanted.length; i++) if (values.indexOf(wanted[i]) !== -1) return true;
    return false;
  }

  function openAt(offer, now) {
    if (!offer.intervals || !window.CatalogueOpenNow) return false;
    return window.CatalogueOpenNow.status(offer.intervals, offer.window.until, now, config.lang, offer.window.from).open;
  }

  // Closed offers are left out: a widget shows what a citizen can use now; paused ones are marked.
  function select(offers, options) {
    var now = Math.floor(Date.now() / 1000);
    return offers.filter(function (s) {
      return (
        s.status !== "closed" &&
        anyOf(options.categories, s.categories) &&
        anyOf(options.target_groups, s.target_groups) &&
        anyOf(options.languages, s.languages) &&
        (!options.openNow || openAt(s, now))
      );
    });
  }

  // --- the list -------------------------------------------------------------------------------------------

  // Record text is Danish: in a widget in another language it says so (WCAG 3.1.2).
  function record(attrs) {
    attrs = attrs || {};
    if (config.lang !== "da") attrs.lang = "da";
    return attrs;
  }

  function serviceUrl(id) {
    return root + config.service.replace("{id}", encodeURIComponent(id));
  }

  function placeText(place) {
    return place.name ? place.name + ", " + place.address : place.address;
  }

  function item(s, level) {
    var li = el("li", "", { class: "offer" + (s.status === "paused" ? " paused" : "") });
    li.appendChild(el("h" + level)).appendChild(el("a", s.name, record({ href: serviceUrl(s.id), target: "_top" })));
    li.appendChild(el("p", s.organisation, record({ class: "meta" })));
    var list = li.appendChild(el("ul", "", { class: "places" }));
    if (s.nationwide || !s.places.length) list.appendChild(el("li", s.nationwide ? config.labels.nationwide : T.no_place));
    s.places.forEach(function (place) { list.appendChild(el("li", placeText(place), record())); });
    var facts = s.categories.map(function (c) { return config.labels.categories[c] || c; });
    if (s.cost && config.labels.cost[s.cost]) facts.push(config.labels.cost[s.cost]);
    if (s.status === "paused") facts.push(config.labels.status.paused);
    li.appendChild(el("p", facts.join(" · "), { class: "facts" }));
    if (s.intervals) {
      li.appendChild(el("p", "", {
        class: "open-now",
        "data-open": JSON.stringify(s.intervals),
        "data-from": s.window.from,
        "data-until": s.window.until,
        hidden: "",
      }));
    }
    return li;
  }

  // Offers as a list, PAGE at a time; `level` is their headings' level. Returns the count line.
  function drawList(container, offers, level) {
    var counter = container.appendChild(el("p", "", { class: "count", "aria-live": "polite" }));
    if (!offers.length) {
      counter.textContent = T.none;
      return counter;
    }
    var ul = container.appendChild(el("ul", "", { class: "offers" }));
    var more = el("button", T.more, { type: "button" });
    var shown = 0;
    function next(focus) {
      var first = null;
      offers.slice(shown, shown + PAGE).forEach(function (s) {
        var li = ul.appendChild(item(s, level));
        first = first || li;
      });
      shown = Math.min(offers.length, shown + PAGE);
      counter.textContent = shown < offers.length ? fmt(T.count_of, { shown: shown, n: offers.length }) : fmt(T.count, { n: offers.length });
      if (shown >= offers.length) more.remove();
      if (window.CatalogueOpenNow) window.CatalogueOpenNow.refresh();
      // Keyboard users continue at the first new offer instead of starting over.
      if (focus && first) first.querySelector("a").focus();
    }
    more.addEventListener("click", function () { next(true); });
    container.appendChild(more);
    next(false);
    return counter;
  }

  // Nationwide offers (phone lines, chats) are the same for every municipality and at national scale
  // outnumber the local ones: they come from one shared feed, loaded when the reader asks for them.
  function drawNationwide(container, options, shown) {
    var section = container.appendChild(el("section", "", { class: "nationwide", "aria-labelledby": "nationwide" }));
    section.appendChild(el("h2", T.nationwide_heading, { id: "nationwide" }));
    section.appendChild(el("p", T.nationwide_intro, { class: "meta" }));
    var button = section.appendChild(el("button", T.nationwide_show, { type: "button" }));
    button.addEventListener("click", function () {
      button.disabled = true;
      getJSON(root + config.feeds + config.nationwide + ".json").then(
        function (feed) {
          button.remove();
          var offers = select(merge([feed]), options).filter(function (s) { return !shown[s.id]; });
          var counter = drawList(section, offers, 3);
          var first = section.querySelector(".offer a");
          if (first) {
            first.focus();
          } else {
            counter.setAttribute("tabindex", "-1");
            counter.focus();
          }
        },
        function (error) {
          button.disabled = false;
          section.appendChild(el("p", T.error, { class: "status error", role: "status" }));
          if (window.console) console.warn(error);
        }
      );
    });
  }

  // --- the map --------------------------------------------------------------------------------------------

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var node = el(tag, "", attrs);
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function loadLeaflet() {
    var vendor = root + config.vendor;
    load("link", { rel: "stylesheet", href: vendor + "MarkerCluster.css" });
    load("link", { rel: "stylesheet", href: vendor + "MarkerCluster.Default.css" });
    return Promise.all([
      load("link", { rel: "stylesheet", href: vendor + "leaflet.css" }),
      load("script", { src: vendor + "leaflet.js" }),
    ]).then(function () {
      return load("script", { src: vendor + "leaflet.markercluster.js" });
    });
  }

  function popup(s, place) {
    var card = el("div", "", { class: "map-popup" });
    card.appendChild(el("strong")).appendChild(el("a", s.name, record({ href: serviceUrl(s.id), target: "_top" })));
    card.appendChild(el("div", placeText(place), record()));
    return card;
  }

  function drawMap(container, offers, options) {
    var region = container.appendChild(el("div", "", { class: "map", role: "region", "aria-label": T.map_label }));
    var map = L.map(region, { zoomSnap: 0.5, scrollWheelZoom: false });
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var group = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
    var inside = [];
    var markers = [];
    offers.forEach(function (s) {
      s.places.forEach(function (place) {
        markers.push(L.marker([place.lat, place.lon], { alt: s.name }).bindPopup(function () { return popup(s, place); }));
        if (options.codes.indexOf(place.municipality_code) !== -1 || options.codes[0] === config.all) {
          inside.push([place.lat, place.lon]);
        }
      });
    });
    group.addLayers(markers);
    map.addLayer(group);
    map.fitBounds(inside.length ? L.latLngBounds(inside) : DENMARK, { padding: [10, 10], maxZoom: 14 });
  }

  // --- height ---------------------------------------------------------------------------------------------

  // The host page learns the widget's height; only its own snippet acts on it (it checks origin and source).
  function reportHeight() {
    if (window.parent === window) return;
    var last = -1;
    function post() {
      var height = Math.ceil(box.getBoundingClientRect().bottom + window.scrollY);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: config.message, height: height }, "*");
    }
    new ResizeObserver(post).observe(box);
    post();
  }

  // --- start ----------------------------------------------------------------------------------------------

  function heading(options) {
    if (options.codes[0] === config.all) return T.offers_all;
    if (options.codes.length > 1) return fmt(T.offers_in_many, { n: options.codes.length });
    return fmt(T.offers_in, { name: config.municipalities[options.codes[0]] });
  }

  function chosen(options) {
    var names = []
      .concat(options.categories.map(function (c) { return config.labels.categories[c]; }))
      .concat(options.target_groups.map(function (c) { return config.labels.target_groups[c]; }))
      .concat(options.languages.map(function (c) { return config.labels.languages[c]; }));
    if (options.openNow) names.push(T.open_now);
    return names.length ? fmt(T.filters, { list: names.join(", ") }) : "";
  }

  function start() {
    var options = readOptions(location.search);
    reportHeight();
    if (options.problems.length) {
      status.textContent = options.problems.join(" ");
      status.classList.add("error");
      return;
    }
    var title = heading(options);
    box.querySelector("[data-heading]").textContent = title;
    document.title = title + " · " + T.page_title;
    if (options.codes.length === 1 && options.codes[0] !== config.all) {
      box.querySelector("[data-source]").href = root + config.municipality_page.replace("{code}", options.codes[0]);
    }
    status.textContent = T.loading;
    Promise.all(options.codes.map(function (code) { return getJSON(root + config.feeds + code + ".json"); }))
      .then(function (feeds) {
        var offers = select(merge(feeds), options);
        status.textContent = chosen(options);
        var listBox = box.querySelector("[data-list-box]");
        if (options.view === "map") {
          var details = listBox.appendChild(el("details"));
          details.appendChild(el("summary", T.as_list));
          listBox = details;
        }
        drawList(listBox, offers, 2);
        var shown = {};
        offers.forEach(function (s) { shown[s.id] = true; });
        drawNationwide(box.querySelector("[data-list-box]"), options, shown);
        if (options.view !== "list") {
          var mapBox = box.querySelector("[data-map-box]");
          mapBox.hidden = false;
          return loadLeaflet().then(function () { drawMap(mapBox, offers, options); });
        }
      })
      .catch(function (error) {
        status.textContent = T.error;
        status.classList.add("error");
        if (window.console) console.warn(error);
      });
  }

  start();
})();
