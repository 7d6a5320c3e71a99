// newsgraph explorer: show a highlighted record's description on hover or keyboard focus.
// The descriptions are the hidden .card elements each highlight names in aria-describedby.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var text = document.getElementById("article-text");
    var popup = document.getElementById("popup");
    if (!text || !popup) return;
    var hideTimer = null;
    var active = [];

    function chain(mark) {
      // the mark and the highlights around it, innermost first, one per record
      var out = [], seen = {};
      for (var n = mark; n && n !== text; n = n.parentElement) {
        if (n.matches && n.matches("mark.hl[data-record]")) {
          var key = n.getAttribute("data-record") + " " + n.getAttribute("data-id");
          if (!seen[key]) { seen[key] = true; out.push(n); }
        }
      }
      return out;
    }

    function setActive(marks) {
      active.forEach(function (m) { m.classList.remove("active"); });
      active = [];
      marks.forEach(function (m) {
        var id = m.getAttribute("data-id");
        text.querySelectorAll("mark.hl").forEach(function (x) {
          if (x.getAttribute("data-id") === id) { x.classList.add("active"); active.push(x); }
        });
      });
    }

    function show(mark) {
      clearTimeout(hideTimer);
      var marks = chain(mark);
      if (!marks.length) return;
      popup.innerHTML = "";
      marks.forEach(function (m) {
        var card = document.getElementById(m.getAttribute("aria-describedby"));
        if (card) popup.appendChild(card.cloneNode(true)).removeAttribute("id");
      });
      popup.hidden = false;
      var r = mark.getBoundingClientRect();
      var width = popup.offsetWidth;
      var vw = document.documentElement.clientWidth;
      var left = Math.max(8, Math.min(r.left, vw - width - 8));
      popup.style.left = (left + window.scrollX) + "px";
      popup.style.top = (r.bottom + window.scrollY + 6) + "px";
      setActive(marks.slice(0, 1));
    }

    function hide() {
      popup.hidden = true;
      setActive([]);
    }

    function later() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 250);
    }

    text.addEventListener("mouseover", function (ev) {
      var m = ev.target.closest && ev.target.closest("mark.hl[data-record]");
      if (m) show(m);
    });
    text.addEventListener("mouseout", function (ev) {
      if (!ev.relatedTarget || !popup.contains(ev.relatedTarget)) later();
    });
    popup.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
    popup.addEventListener("mouseleave", later);
    text.addEventListener("focusin", function (ev) {
      var m = ev.target.closest && ev.target.closest("mark.hl[data-record]");
      if (m) show(m);
    });
    text.addEventListener("focusout", function () { later(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !popup.hidden) hide();
    });
  });
})();
