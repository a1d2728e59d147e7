// Enhancements every page shares. The Content Security Policy runs scripts from our own files
// only, so behaviour is attached here, from data- attributes, never with inline handlers.
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before sending; cancelling keeps the visitor on the page.
  // Listening on the document also covers forms added later (search results swapped in place).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

// A form sent back with errors: move the focus to the summary at its top, so a screen reader
// reads the errors at once and a keyboard user reaches the links to each field first.
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
