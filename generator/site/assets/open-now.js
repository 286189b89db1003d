/* "Open now" from open intervals computed at build time (never by parsing opening_hours here: a browser
   parser disagrees with the build on Danish holidays). Times are Copenhagen's whatever the browser's
   zone. Record data comes only from data attributes and is written with textContent. */
(function () {
  "use strict";
  var ZONE = "Europe/Copenhagen";
  var TEXT = {
    da: {
      open: "Åbent nu", closed: "Lukket", closes: "lukker", opens: "åbner", at: "kl.",
      today: "i dag", tomorrow: "i morgen", on: "",
      none: "ingen åbningstid til og med {date}",
      stale: "Dagens åbningstider er ikke beregnet endnu."
    },
    en: {
      open: "Open now", closed: "Closed", closes: "closes", opens: "opens", at: "at",
      today: "today", tomorrow: "tomorrow", on: "on",
      none: "not open up to and including {date}",
      stale: "Today's opening hours are not computed yet."
    }
  };
  var formats = {};

  function parts(seconds, lang, options) {
    var key = lang + JSON.stringify(options);
    if (!formats[key]) {
      formats[key] = new Intl.DateTimeFormat(lang === "da" ? "da-DK" : "en-GB", Object.assign({ timeZone: ZONE }, options));
    }
    var out = {};
    formats[key].formatToParts(new Date(seconds * 1000)).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }

  // Days since 1970 of the Copenhagen date at `seconds`: "today", "tomorrow", today's row of a table.
  function dayNumber(seconds) {
    var p = parts(seconds, "en", { year: "numeric", month: "numeric", day: "numeric" });
    return Date.UTC(+p.year, +p.month - 1, +p.day) / 86400000;
  }

  function clock(seconds) {
    var p = parts(seconds, "en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return p.hour + ":" + p.minute;
  }

  function date(seconds, lang) {
    var p = parts(seconds, lang, { day: "numeric", month: "long" });
    return lang === "da" ? p.day + ". " + p.month : p.day + " " + p.month;
  }

  // "i dag kl. 17:00", "onsdag kl. 17:00", "3. december kl. 17:00"; closing at midnight is "24:00".
  function when(seconds, now, lang, closing) {
    var t = TEXT[lang], time = clock(seconds), day = seconds;
    if (closing && time === "00:00") { time = "24:00"; day = seconds - 60; }
    var ahead = dayNumber(day) - dayNumber(now), label;
    if (ahead === 0) label = closing ? "" : t.today;
    else if (ahead === 1) label = t.tomorrow;
    else if (ahead < 7) label = (t.on ? t.on + " " : "") + parts(day, lang, { weekday: "long" }).weekday;
    else label = (t.on ? t.on + " " : "") + date(day, lang);
    return (label ? label + " " : "") + t.at + " " + time;
  }

  /* The state at `now` (Unix seconds): {open, next (seconds or null), text}. `intervals` are sorted, merged
     [start, end) pairs computed for the window [from, until); outside it nothing is known. */
  function status(intervals, until, now, lang, from) {
    lang = TEXT[lang] ? lang : "da";
    var t = TEXT[lang];
    if (now >= until || now < (from || 0)) return { open: false, next: null, text: t.stale };
    for (var i = 0; i < intervals.length; i++) {
      var start = intervals[i][0], end = intervals[i][1];
      if (now < start) {
        return { open: false, next: start, text: t.closed + " · " + t.opens + " " + when(start, now, lang, false) };
      }
      if (now < end) {
        if (end >= until) return { open: true, next: null, text: t.open };
        return { open: true, next: end, text: t.open + " · " + t.closes + " " + when(end, now, lang, true) };
      }
    }
    return { open: false, next: null, text: t.closed + " · " + t.none.replace("{date}", date(until - 1, lang)) };
  }

  function refresh() {
    var lang = (document.documentElement.lang || "da").slice(0, 2);
    var now = Math.floor(Date.now() / 1000);
    var today = dayNumber(now);
    document.querySelectorAll("tr[data-day]").forEach(function (tr) {
      if (+tr.getAttribute("data-day") === today) tr.setAttribute("aria-current", "date");
      else tr.removeAttribute("aria-current");
    });
    document.querySelectorAll(".open-now[data-open]").forEach(function (el) {
      var s;
      try {
        s = status(JSON.parse(el.getAttribute("data-open")), +el.getAttribute("data-until"), now, lang,
          +el.getAttribute("data-from"));
      } catch (e) {
        return;
      }
      // Only a changed text is written, so screen readers hear a change, not a minute tick.
      if (el.textContent !== s.text) el.textContent = s.text;
      el.classList.toggle("is-open", s.open);
      el.hidden = false;
    });
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { status: status };
  } else {
    // embed.js and search.js add elements after load; embed.js filters with status().
    window.CatalogueOpenNow = { status: status, refresh: refresh };
    refresh();
    setTimeout(function () { refresh(); setInterval(refresh, 60000); }, 60000 - (Date.now() % 60000) + 50);
  }
})();
