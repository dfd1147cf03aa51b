// Progressive enhancement: a form with data-progress shows its status message while
// the server prepares a download (the page does not navigate, so nothing else would
// tell the user that something is happening). Without JavaScript the form still works.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var status = form.dataset && form.dataset.progress && document.getElementById(form.dataset.progress);
  if (!status) { return; }
  status.hidden = false;
  var button = form.querySelector("button[type=submit]");
  if (button) { button.setAttribute("aria-disabled", "true"); }
  // The download dialog gives no event back; clear the message after a while.
  setTimeout(function () {
    status.hidden = true;
    if (button) { button.removeAttribute("aria-disabled"); }
  }, 8000);
});
