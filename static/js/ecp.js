// Signing in and signing decisions with ЭЦП (the national digital signature) through
// NCALayer, the national certification centre's program on the person's computer.
// Progressive enhancement: the form (data-ecp) carries the data to sign, the NCALayer
// address and every sentence in the page's language; this script asks NCALayer for a
// CMS signature (vendor/ncalayer-js-client) and sends it with the form. The key never
// leaves the computer. Without JavaScript the page says what else to do.
(function () {
  "use strict";
  var form = document.querySelector("form[data-ecp]");
  if (!form || !window.NCALayerClient || !window.WebSocket) { return; }
  var button = form.querySelector("[data-ecp-start]");
  var status = document.getElementById("ecp-status");
  var missing = document.getElementById("ecp-missing");
  var Client = window.NCALayerClient;
  var busy = false;

  function say(text) {
    status.textContent = text;
  }

  button.hidden = false;
  button.disabled = false;
  button.addEventListener("click", function () {
    if (busy) { return; }
    busy = true;
    button.setAttribute("aria-disabled", "true");
    if (missing) { missing.hidden = true; }
    say(form.dataset.connecting);
    var client = new Client(form.dataset.ncalayer, false);
    var connected = false;
    client.connect()
      .then(function () {
        connected = true;
        say(form.dataset.choose);
        var signer = form.dataset.purpose === "auth"
          ? Client.basicsSignerAuthAny : Client.basicsSignerSignAny;
        var params = form.dataset.digested === "true"
          ? Client.basicsCMSParamsDetachedHash : Client.basicsCMSParamsDetachedNoTSP;
        return client.basicsSignCMS(
          Client.basicsStorageAll, form.dataset.data, params, signer, form.dataset.locale
        );
      })
      .then(function (signature) {
        form.elements.signature.value = signature;
        say(form.dataset.sending);
        form.submit();
      })
      .catch(function (error) {
        busy = false;
        button.removeAttribute("aria-disabled");
        if (!connected) {
          say("");
          if (missing) {
            missing.hidden = false;
            missing.focus();
          }
        } else if (error && error.canceledByUser) {
          say(form.dataset.cancelled);
        } else {
          say(form.dataset.failed + (error && error.message ? " (" + error.message + ")" : ""));
        }
      });
  });
})();
