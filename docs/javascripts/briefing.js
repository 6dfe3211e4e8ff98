/* Progressive enhancements. Every page works fully without this script. */
(function () {
  "use strict";

  var YEAR_MS = 365.25 * 24 * 3600 * 1000;

  /* Flag entries not checked against their sources for more than a year. */
  function markStale() {
    document.querySelectorAll(".briefing-reviewed[data-reviewed]").forEach(function (el) {
      if (el.dataset.checked) return;
      el.dataset.checked = "1";
      var reviewed = Date.parse(el.dataset.reviewed + "T00:00:00Z");
      if (isNaN(reviewed) || Date.now() - reviewed <= YEAR_MS) return;
      var flag = document.createElement("span");
      flag.className = "briefing-stale";
      flag.textContent = "Review overdue: not checked against its sources for over a year";
      el.after(" ", flag);
    });
  }

  /* Filter the timeline by type, party and kind of entry, together, without leaving the
     page. The filter lives in the URL (?type=&party=&kind=), so a view can be shared. */
  function timelineFilter() {
    var form = document.querySelector("form.briefing-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var fields = ["type", "party", "kind"];
    var items = Array.prototype.slice.call(document.querySelectorAll("li[data-type]"));
    var output = form.querySelector("output");
    var empty = document.querySelector(".briefing-filter-empty");

    function has(list, value) {
      return (" " + (list || "") + " ").indexOf(" " + value + " ") >= 0;
    }

    function apply(updateUrl) {
      var chosen = {};
      fields.forEach(function (name) { chosen[name] = form.elements[name].value; });
      var shown = 0;
      items.forEach(function (li) {
        var match = (!chosen.type || li.dataset.type === chosen.type) &&
          (!chosen.party || has(li.dataset.parties, chosen.party)) &&
          (!chosen.kind || has(li.dataset.kind, chosen.kind));
        li.hidden = !match;
        if (match) shown += 1;
      });
      /* Years with nothing left: hide the heading, its list, its jump link and its entry in
         the table of contents. */
      document.querySelectorAll("article h2[id]").forEach(function (heading) {
        var list = heading.nextElementSibling;
        if (!list || list.tagName !== "UL" || !list.querySelector("li[data-type]")) return;
        var none = !list.querySelector("li[data-type]:not([hidden])");
        heading.hidden = none;
        list.hidden = none;
        /* Material may rewrite these links to full addresses: compare their #fragment. */
        var hash = "#" + heading.id;
        document.querySelectorAll(".briefing-jump a").forEach(function (link) {
          if (link.hash === hash) link.hidden = none;
        });
        document.querySelectorAll(".md-nav--secondary a").forEach(function (link) {
          if (link.hash === hash) (link.closest("li") || link).hidden = none;
        });
      });
      var active = fields.some(function (name) { return chosen[name]; });
      output.textContent = active ? "Showing " + shown + " of " + items.length + " events" : "";
      if (empty) empty.hidden = shown > 0;
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        fields.forEach(function (name) {
          if (chosen[name]) params.set(name, chosen[name]); else params.delete(name);
        });
        var query = params.toString();
        window.history.replaceState(null, "",
          window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    /* Start from the URL; an unknown value is ignored. */
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) {
        select.value = value;
      }
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (empty) {
      var showAll = empty.querySelector("a");
      if (showAll) {
        showAll.addEventListener("click", function (event) {
          event.preventDefault();
          form.reset();
        });
      }
    }
    form.hidden = false;
    apply(false);
  }

  /* Cite this page: today's date as the access date, and the page's address when the site
     was built without a fixed one (site_url). */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function fillCitation() {
    var today = new Date();
    var d = today.getDate(), m = MONTHS[today.getMonth()], y = today.getFullYear();
    var formats = {
      chicago: m + " " + d + ", " + y,
      apa: m + " " + d + ", " + y,
      iso: today.toISOString().slice(0, 10)
    };
    document.querySelectorAll(".briefing-accessed[data-style]").forEach(function (el) {
      el.textContent = formats[el.dataset.style] || formats.iso;
    });
    var here = location.href.split("#")[0].split("?")[0];
    document.querySelectorAll(".briefing-cite-url[data-fill=location]").forEach(function (el) {
      el.textContent = here;
    });
  }

  function init() {
    fillCitation();
    markStale();
    timelineFilter();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's page-load stream */
  } else if (document.readyState !== "loading") {
    init();
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
