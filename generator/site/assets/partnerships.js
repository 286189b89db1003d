/* A municipality's partnerships page, filtered by department: the choice shows that department's section only,
   and goes into the address (?afdeling=...), so a copied link opens the same view. Without JavaScript every
   section shows, with links to each. Department names are record text: compared and shown as text only. */
(function () {
  "use strict";
  var box = document.querySelector("[data-department-filter]");
  if (!box) return;
  var select = box.querySelector("select");
  var status = box.querySelector("[data-department-status]");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-department]"));
  var known = sections.map(function (s) { return s.getAttribute("data-department"); });

  function show(name, announce) {
    var shown = 0;
    sections.forEach(function (section) {
      section.hidden = Boolean(name) && section.getAttribute("data-department") !== name;
      if (!section.hidden) shown += section.querySelectorAll("tbody tr").length;
    });
    if (announce) status.textContent = status.getAttribute("data-template").replace("{n}", shown);
  }

  box.hidden = false;
  status.setAttribute("data-template", box.getAttribute("data-count"));
  var wanted = new URLSearchParams(location.search).get(select.name) || "";
  select.value = known.indexOf(wanted) >= 0 ? wanted : "";
  show(select.value, false);
  select.addEventListener("change", function () {
    var params = new URLSearchParams(location.search);
    if (select.value) params.set(select.name, select.value); else params.delete(select.name);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    show(select.value, true);
  });
})();
