// Progressive enhancement of the initiatives search: results and facet counts refresh when a
// filter changes; the address bar keeps the whole search, so the back button and bookmarks work,
// and every link that carries the search (language switcher, feeds, exports, pages) follows it.
// On a narrow screen the facets fold into a panel opened by a button, with the count in view.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.history || !window.DOMParser) { return; }
  var toggle = document.getElementById("facets-toggle");
  var panel = document.getElementById("facets-panel");
  var shown = location.pathname + location.search;  // the search the page displays now

  // Parts of the page that depend on the search, replaced from the freshly fetched page.
  var PARTS = ["#facets", "#results", "#facets-done", ".language-switcher", ".main-nav"];

  function replaceParts(fresh) {
    var found = PARTS.map(function (selector) {
      return [document.querySelector(selector), fresh.querySelector(selector)];
    });
    if (found.some(function (pair) { return !pair[0] || !pair[1]; })) { return false; }
    found.forEach(function (pair) { pair[0].replaceWith(pair[1]); });
    // Head links: the other languages' versions and the feed of this search.
    document.querySelectorAll("head link[rel=alternate]").forEach(function (link) { link.remove(); });
    fresh.querySelectorAll("head link[rel=alternate]").forEach(function (link) {
      document.head.appendChild(link);
    });
    document.title = fresh.title;
    var freshQuery = fresh.getElementById("q");
    if (freshQuery) { document.getElementById("q").value = freshQuery.value; }
    return true;
  }

  function announce() {
    var count = document.getElementById("results-count");
    var status = document.getElementById("search-status");
    if (count && status) { status.textContent = count.textContent; }
    showActiveCount();
  }

  function swap(html, focusId) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    if (!replaceParts(fresh)) { return false; }
    announce();
    var focus = focusId && document.getElementById(focusId);
    if (focus) { focus.focus(); }
    return true;
  }

  var latest = 0;  // answers to earlier requests that arrive late are dropped

  function load(url, focusId, push) {
    var request = ++latest;
    document.getElementById("results").setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (request !== latest) { return; }
        if (!swap(html, focusId)) { window.location.href = url; return; }
        if (push) { history.pushState({ search: true }, "", url); }
        shown = location.pathname + location.search;
      })
      .catch(function () { window.location.href = url; });
  }

  function currentUrl() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (params.get(key) === "") { params.delete(key); }
    });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  // The facets panel of narrow screens: a disclosure button, Escape closes, focus follows.
  function setPanel(open, focusTarget) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("open", open);
    if (focusTarget) { focusTarget.focus(); }
  }

  function showActiveCount() {
    var active = document.querySelectorAll("#facets input[type=checkbox]:checked").length;
    toggle.querySelector(".facets-active").textContent = active ? " (" + active + ")" : "";
  }

  function enhancePanel() {
    form.classList.add("search-enhanced");
    toggle.hidden = false;
    showActiveCount();
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      var facets = document.getElementById("facets");
      facets.setAttribute("tabindex", "-1");
      setPanel(open, open ? facets : null);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.classList.contains("open")) {
        event.preventDefault();
        setPanel(false, toggle);
      }
    });
    panel.addEventListener("click", function (event) {
      if (event.target.closest("#facets-done")) {
        setPanel(false, document.getElementById("results-count"));
      }
    });
  }

  if (toggle && panel) { enhancePanel(); }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q" || event.target.type === "number") { return; }
    load(currentUrl(), event.target.id, true);
  });
  window.addEventListener("popstate", function () {
    // A jump to an anchor (the skip link) also fires popstate: the search itself did not change.
    if (location.pathname + location.search === shown) { return; }
    load(location.href, null, false);
  });
})();
