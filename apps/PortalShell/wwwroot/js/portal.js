// Enhancements only: every page works without this script.
document.addEventListener("submit", function (event) {
  // A second click while the first submission is on its way sends nothing more.
  var form = event.target;
  if (form.dataset.submitting === "true") { event.preventDefault(); return; }
  form.dataset.submitting = "true";
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
});

// An element with data-poll follows a state the server changes on its own (a signature being confirmed on a phone):
// while the JSON at data-poll still says data-poll-while, ask again; once it changes, show the page as it is now.
document.querySelectorAll("[data-poll]").forEach(function (element) {
  var url = element.dataset.poll, waiting = element.dataset.pollWhile;
  function ask() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { status: waiting }; })
      .then(function (state) {
        if (state.status === waiting) { setTimeout(ask, 2000); return; }
        // The page as it is now, without the note of the step that started the wait.
        var now = new URL(window.location.href);
        now.searchParams.delete("done");
        window.location.replace(now.toString());
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 2000);
});
