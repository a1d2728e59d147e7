// Progressive enhancement of the initiatives search: results and facet counts refresh when a
// filter changes; the address bar keeps the whole search, so the back button and bookmarks work.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.history || !window.DOMParser) { return; }

  function swap(html, focusId) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("search-layout");
    var current = document.getElementById("search-layout");
    if (!fresh || !current) { return false; }
    current.replaceWith(fresh);
    var focus = focusId && document.getElementById(focusId);
    if (focus) { focus.focus(); }
    return true;
  }

  function load(url, focusId) {
    document.getElementById("results").setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (swap(html, focusId)) { history.pushState({}, "", url); } else { window.location.href = url; }
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

  form.addEventListener("change", function (event) {
    if (event.target.name === "q" || event.target.type === "number") { return; }
    load(currentUrl(), event.target.id);
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
