/* "Kopiér link" and "Del" on lists and service pages: the page's own address (a search keeps its filters in it).
   Web Share only where the browser has it; every outcome is written to a status line screen readers announce. */
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var status = box.querySelector("[role=status]");
    var share = box.querySelector("[data-web-share]");

    function say(text) {
      status.textContent = "";
      // A new text in a cleared region is announced again, also when the same button is pressed twice.
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function copyByHand(text) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      field.remove();
      return done;
    }

    box.querySelector("[data-copy-link]").addEventListener("click", function () {
      var url = location.href;
      var copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(url).then(function () { return true; }, function () { return copyByHand(url); })
        : Promise.resolve(copyByHand(url));
      copied.then(function (ok) {
        say(box.getAttribute(ok ? "data-copied" : "data-copy-failed"));
      });
    });
    if (navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: document.title, url: location.href }).catch(function () {});
      });
    }
    box.hidden = false;
  });
})();
