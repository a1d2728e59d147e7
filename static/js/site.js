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
