// Retainer sign-up and billing: Subscribe buttons on the pricing page (Stripe Checkout), the
// success page waiting for Stripe's confirmation, and the billing-portal link form.
// navigation.instant swaps pages without a reload, so everything runs in document$.subscribe.
(function () {
  "use strict";

  function say(el, text, state) {
    if (!el) return;
    el.textContent = text;
    if (state) el.setAttribute("data-state", state); else el.removeAttribute("data-state");
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function subscribeButtons() {
    var status = document.querySelector("[data-subscribe-status]");
    document.querySelectorAll("[data-subscribe]").forEach(function (button) {
      if (button.dataset.subscribeReady) return;
      button.dataset.subscribeReady = "true";
      button.setAttribute("role", "button");
      button.addEventListener("click", function (event) {
        event.preventDefault();
        if (button.getAttribute("aria-busy") === "true") return;
        button.setAttribute("aria-busy", "true");
        say(status, "Opening secure checkout…");
        postJson("/api/checkout", { tier: button.dataset.subscribe })
          .then(function (answer) {
            if (answer.status === 200 && answer.data.url) {
              window.location.assign(answer.data.url);
              return;
            }
            button.removeAttribute("aria-busy");
            say(status, answer.data.message || "Checkout could not start. Please try again.", "error");
          })
          .catch(function () {
            button.removeAttribute("aria-busy");
            say(status, "Checkout could not start: check your connection and try again.", "error");
          });
      });
    });
  }

  var MESSAGES = {
    active: "Your retainer is active. Welcome aboard! A welcome email is on its way.",
    past_due: "Your retainer is set up, but the payment is still outstanding. Check your email.",
    canceled: "This retainer has been cancelled.",
  };

  function checkoutResult() {
    var el = document.querySelector("[data-checkout-status]");
    if (!el) return;
    var id = new URLSearchParams(window.location.search).get("session_id");
    if (!id) {
      say(el, "There is no checkout to confirm here. Pick a plan on the pricing page.", "error");
      return;
    }
    var started = Date.now();
    (function poll() {
      if (!document.body.contains(el)) return; // the reader moved to another page
      fetch("/api/checkout/sessions/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json().then(function (d) { return [response.status, d]; }); })
        .then(function (pair) {
          var status = pair[0], data = pair[1];
          if (status === 200 && MESSAGES[data.status]) {
            say(el, MESSAGES[data.status], data.status === "active" ? "done" : "error");
            el.setAttribute("data-retainer-status", data.status);
          } else if (status === 404) {
            say(el, "We could not find this checkout. If you were charged, please get in touch.", "error");
          } else if (Date.now() - started > 90000) {
            say(el, "Stripe has not confirmed the payment yet. You'll get an email as soon as it does.", "error");
          } else {
            setTimeout(poll, 1500);
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    })();
  }

  function billingPortalForm() {
    var form = document.querySelector("[data-billing-portal-form]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    var status = form.querySelector("[data-billing-portal-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var email = form.elements.email.value.trim();
      if (!email || !form.elements.email.checkValidity()) {
        say(status, "Please enter the email you subscribed with.", "error");
        form.elements.email.focus();
        return;
      }
      say(status, "Sending…");
      postJson("/api/billing-portal", { email: email, website: form.elements.website.value })
        .then(function (answer) {
          say(status, answer.data.message || "Please try again.", answer.status === 202 ? "done" : "error");
        })
        .catch(function () { say(status, "The link could not be requested: check your connection.", "error"); });
    });
  }

  document$.subscribe(function () {
    subscribeButtons();
    checkoutResult();
    billingPortalForm();
  });
})();
