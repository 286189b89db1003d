/* "Embed on your site" on a municipality page: turns the options into the widget's URL, shows it in a live
   preview, and writes the snippet to paste (an iframe, a plain link that works without JavaScript, and a small
   script that follows the widget's height after checking the message's origin and source).
   The site's absolute address is MkDocs' site_url when set, else where this page was loaded from. */
(function () {
  "use strict";
  var section = document.querySelector("[data-embed-form]");
  if (!section) return;
  var form = section.querySelector("[data-options]");
  var code = section.querySelector("[data-code-box]");
  var copy = section.querySelector("[data-copy]");
  var said = section.querySelector("[data-copy-status]");
  var pages = JSON.parse(section.getAttribute("data-pages"));
  var texts = JSON.parse(section.getAttribute("data-texts"));
  var message = section.getAttribute("data-message");
  var root = new URL(section.getAttribute("data-root"), location.href).href;
  var site = section.getAttribute("data-site-url") || root;
  if (!/\/$/.test(site)) site += "/";
  var origin = new URL(site).origin;
  var preview = document.createElement("iframe");
  preview.className = "embed-preview";
  preview.setAttribute("data-preview", "");
  preview.title = texts.preview;
  preview.loading = "lazy"; // the widget loads when the reader scrolls to it, not with every municipality page
  section.querySelector("[data-preview-box]").appendChild(preview);

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function options() {
    var data = new FormData(form);
    var height = parseInt(data.get("height"), 10);
    return {
      view: data.get("view") || "both",
      category: data.get("category") || "",
      target_group: data.get("target_group") || "",
      language: data.get("language") || "",
      open_now: data.get("open_now") === "1",
      lang: data.get("lang") === "en" ? "en" : "da",
      height: isFinite(height) ? Math.min(Math.max(height, 200), 4000) : 600,
      auto: data.get("auto") === "1",
    };
  }

  // The widget's query string: the same for the preview and the snippet.
  function query(o) {
    var q = new URLSearchParams();
    q.set("municipality", section.getAttribute("data-code"));
    q.set("view", o.view);
    ["category", "target_group", "language"].forEach(function (key) {
      if (o[key]) q.set(key, o[key]);
    });
    if (o.open_now) q.set("open_now", "1");
    return q.toString();
  }

  function snippet(o) {
    var src = site + pages[o.lang] + "?" + query(o);
    var lines = [
      '<div class="velfaerdskataloget-widget">',
      '<iframe src="' + escapeHtml(src) + '" title="' + escapeHtml(texts.title) + '" width="100%" height="' +
        o.height + '" style="border:0;width:100%" loading="lazy"></iframe>',
      '<p><a href="' + escapeHtml(site + section.getAttribute("data-municipality-page")) + '">' +
        escapeHtml(texts.link) + "</a></p>",
    ];
    if (o.auto) {
      lines.push(
        "<script>",
        "(function (frame) {",
        '  window.addEventListener("message", function (event) {',
        "    var data = event.data;",
        "    if (event.origin !== " + JSON.stringify(origin) + " || event.source !== frame.contentWindow) return;",
        '    if (!data || data.type !== "' + message + '" || typeof data.height !== "number") return;',
        '    frame.style.height = Math.min(Math.max(Math.ceil(data.height), 150), 20000) + "px";',
        "  });",
        '})(document.currentScript.parentNode.querySelector("iframe"));',
        "</" + "script>"
      );
    }
    lines.push("</div>");
    return lines.join("\n");
  }

  function showPreview(o) {
    var src = root + pages[o.lang] + "?" + query(o);
    if (preview.src !== src) preview.src = src;
    preview.height = o.height;
    preview.style.height = "";
  }

  var timer = null;
  function update() {
    var o = options();
    code.value = snippet(o);
    clearTimeout(timer);
    // The preview reloads once the reader stops changing options, not at every keystroke in the height box.
    timer = setTimeout(function () { showPreview(o); }, 250);
  }

  // The preview follows its content like the snippet does, with the same checks.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== location.origin || event.source !== preview.contentWindow) return;
    if (!data || data.type !== message || typeof data.height !== "number") return;
    if (options().auto) preview.style.height = Math.min(Math.max(Math.ceil(data.height), 150), 20000) + "px";
  });

  function announce(text) {
    // Emptied first, so the same sentence is announced again on a second copy.
    said.textContent = "";
    setTimeout(function () { said.textContent = text; }, 50);
  }

  function copyByCommand() {
    code.focus();
    code.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    announce(ok ? texts.copied : texts.failed);
  }

  copy.hidden = false;
  copy.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code.value).then(function () { announce(texts.copied); }, copyByCommand);
    } else {
      copyByCommand();
    }
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  code.value = snippet(options());
  showPreview(options());
})();
