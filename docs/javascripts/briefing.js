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

  /* Filter the timeline by kind and party without leaving the page. */
  function timelineFilter() {
    var form = document.querySelector("form.briefing-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var items = Array.prototype.slice.call(document.querySelectorAll("li[data-kind]"));
    var output = form.querySelector("output");

    function apply() {
      var kind = form.elements.kind.value;
      var party = form.elements.party.value;
      var shown = 0;
      items.forEach(function (li) {
        var parties = " " + (li.dataset.parties || "") + " ";
        var match = (!kind || li.dataset.kind === kind) &&
          (!party || parties.indexOf(" " + party + " ") >= 0);
        li.hidden = !match;
        if (match) shown += 1;
      });
      document.querySelectorAll("article h2[id]").forEach(function (heading) {
        var list = heading.nextElementSibling;
        if (!list || list.tagName !== "UL") return;
        var empty = !list.querySelector("li[data-kind]:not([hidden])");
        heading.hidden = empty;
        list.hidden = empty;
      });
      output.textContent = kind || party
        ? "Showing " + shown + " of " + items.length + " events"
        : "";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
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
