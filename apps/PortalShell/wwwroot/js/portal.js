// Enhancements only: every page works without this script.
document.addEventListener("submit", function (event) {
  // A second click while the first submission is on its way sends nothing more.
  var form = event.target;
  if (form.dataset.submitting === "true") { event.preventDefault(); return; }
  form.dataset.submitting = "true";
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
});
