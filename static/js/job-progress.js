// Progressive enhancement: while a queued case file is being put together, fetch its
// status every two seconds and replace the status region (role=status announces the
// change politely; focus stays where it is). Without JavaScript, the Refresh link.
(function () {
  var region = document.getElementById("job-status");
  if (!region || !window.fetch) { return; }
  function pending() {
    return region.querySelector("progress") !== null;
  }
  function poll() {
    if (!pending()) { return; }
    fetch(region.dataset.refresh, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) { region.innerHTML = html; }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
