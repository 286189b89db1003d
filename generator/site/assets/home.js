/* Home page: the search box sends only the fields filled in (a postcode asks for the nearest offers first), the
   municipality picker goes straight to the chosen municipality, and "open now" lists offers
   open at the moment the page is viewed, from an hour-by-hour table computed at build time. Record text is
   written with textContent only. */
(function () {
  "use strict";
  var LIMIT = 5;

  // The offers open at `now`: [[id, name, place], ...] from the table's row for the hour `now` falls in.
  function openAt(table, now) {
    if (now < table.from || now >= table.until) return null;
    var slot = Math.floor((now - table.from) / table.slot), lo = table.from + slot * table.slot;
    var seen = {}, out = [];
    (table.slots[slot] || []).forEach(function (entry) {
      var idx = typeof entry === "number" ? entry : entry[0];
      var open = typeof entry === "number" || (lo + entry[1] <= now && now < lo + entry[2]);
      if (open && !seen[idx] && out.length < LIMIT) { seen[idx] = true; out.push(table.services[idx]); }
    });
    return out;
  }

  function render(box, table) {
    var found = openAt(table, Math.floor(Date.now() / 1000)), node;
    var key = found ? found.map(function (s) { return s[0]; }).join(" ") : "stale";
    if (box.getAttribute("data-shown") === key) return;
    box.setAttribute("data-shown", key);
    if (!found || !found.length) {
      node = document.createElement("p");
      node.textContent = box.getAttribute(found ? "data-none" : "data-stale");
    } else {
      node = document.createElement("ul");
      found.forEach(function (s) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = box.getAttribute("data-base") + encodeURIComponent(s[0]) + "/";
        a.textContent = s[1];
        if (document.documentElement.lang !== "da") a.lang = "da"; // record text is Danish (WCAG 3.1.2)
        li.appendChild(a);
        if (s[2]) li.appendChild(document.createTextNode(" · " + s[2]));
        node.appendChild(li);
      });
    }
    box.replaceChildren(node);
  }

  function openNow() {
    var box = document.querySelector("[data-open-now]"), data = document.getElementById("open-now-data");
    if (!box || !data) return;
    var table = JSON.parse(data.textContent);
    render(box, table);
    setInterval(function () { render(box, table); }, 60000);
  }

  function picker() {
    var form = document.querySelector("form[data-municipality-picker]");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      var select = form.querySelector("select"), option = select && select.options[select.selectedIndex];
      var href = option && option.getAttribute("data-href");
      if (href) { event.preventDefault(); window.location.href = href; }
    });
  }

  // The search box sends only what was filled in, and a postcode asks for the nearest offers first.
  function searchBox() {
    var form = document.querySelector("form[data-search-box]");
    if (!form) return;
    form.addEventListener("submit", function () {
      var postcode = form.querySelector("input[inputmode=numeric]");
      form.querySelector("[data-nearest]").disabled = !/^\d{4}$/.test(postcode.value.trim());
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.value.trim() && !field.hasAttribute("data-nearest")) field.disabled = true;
      });
    });
    // Back to a page kept by the browser: the fields work again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.hasAttribute("data-nearest")) field.disabled = false;
      });
    });
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { openAt: openAt };
  } else {
    picker();
    searchBox();
    openNow();
  }
})();
