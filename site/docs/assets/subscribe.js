// Retainer sign-up and billing: Subscribe buttons on the pricing page (email, then Stripe Checkout),
// the success page waiting for Stripe's confirmation, the billing-portal link form, and the page
// an emailed billing link opens (its button uses the link).
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

  function sayWithLink(el, text, href, label) {
    say(el, text + " ", "error");
    var link = document.createElement("a");
    link.href = href;
    link.textContent = label;
    el.appendChild(link);
  }

  // A tier's Subscribe opens a dialog that asks for the email first: checkout then reuses the
  // client's Stripe customer, and the server refuses a second retainer before Stripe is involved.
  // Without <dialog> support or script, the buttons stay links to the contact page.
  function subscribeButtons() {
    var dialog = document.querySelector("[data-subscribe-dialog]");
    if (!dialog || typeof dialog.showModal !== "function" || dialog.dataset.ready) return;
    dialog.dataset.ready = "true";
    var form = dialog.querySelector("[data-subscribe-form]");
    var status = dialog.querySelector("[data-subscribe-status]");
    var title = dialog.querySelector("[data-subscribe-title]");
    var submit = dialog.querySelector("[data-subscribe-continue]");
    var lead = dialog.querySelector("[data-subscribe-lead]");
    var request = null;  // what Continue starts: a retainer (data-subscribe) or a prepaid block (data-prepaid)
    document.querySelectorAll("[data-subscribe], [data-prepaid]").forEach(function (button) {
      button.setAttribute("role", "button");
      button.setAttribute("aria-haspopup", "dialog");
      button.addEventListener("click", function (event) {
        event.preventDefault();
        request = button.dataset.prepaid
          ? { url: "/api/checkout/prepaid", body: { hours: Number(button.dataset.prepaid) },
              lead: "Your prepaid hours and their receipt go with this email." }
          : { url: "/api/checkout", body: { tier: button.dataset.subscribe },
              lead: "Your retainer, its invoices and its billing portal go with this email." };
        if (lead) lead.textContent = request.lead;
        title.textContent = button.textContent.trim();
        say(status, "");
        dialog.showModal();
        form.elements.email.focus();
      });
    });
    dialog.querySelector("[data-subscribe-cancel]").addEventListener("click", function () { dialog.close(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (submit.getAttribute("aria-busy") === "true") return;
      var email = form.elements.email.value.trim();
      if (!email || !form.elements.email.checkValidity()) {
        say(status, "Please enter your email: " + request.lead.replace("with this email", "with it").replace(/^Your/, "your"), "error");
        form.elements.email.focus();
        return;
      }
      submit.setAttribute("aria-busy", "true");
      say(status, "Opening secure checkout…");
      postJson(request.url, Object.assign({ email: email }, request.body))
        .then(function (answer) {
          if (answer.status === 200 && answer.data.url) {
            window.location.assign(answer.data.url);
            return;
          }
          submit.removeAttribute("aria-busy");
          var message = answer.data.message || "Checkout could not start. Please try again.";
          if (answer.status === 409 && answer.data.billing_portal) {
            sayWithLink(status, message, answer.data.billing_portal, "Go to the billing page");
          } else if (answer.status === 409 && answer.data.account) {
            sayWithLink(status, message, answer.data.account, "Go to your account");
          } else {
            say(status, message, "error");
          }
        })
        .catch(function () {
          submit.removeAttribute("aria-busy");
          say(status, "Checkout could not start: check your connection and try again.", "error");
        });
    });
  }

  // Only "active" promises an email: the webhook that made it active sent the welcome email.
  var MESSAGES = {
    paid: "Your prepaid hours are ready. A receipt is on its way to your email.",
    active: "Your retainer is active. Welcome aboard! A welcome email is on its way.",
    past_due: "Your retainer is set up, but the payment is still outstanding. Check your email.",
    canceled: "This retainer has been cancelled.",
    duplicate: "This email already had a retainer, so this second subscription is not used: we will cancel " +
      "and refund it, and be in touch. Your plan is on the billing page.",
  };

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
    } catch (e) { return (amount / 100).toFixed(2) + " " + currency.toUpperCase(); }
  }

  // Which plan, for how much, under which email, and what to do next: the page a person keeps open.
  function describePlan(el, data) {
    var next = document.querySelector("[data-checkout-next]");
    if (next) next.hidden = false;
    fetch("/api/catalog", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (catalog) {
        var tier = catalog && catalog.tiers.filter(function (t) { return t.id === data.tier; })[0];
        var plan = tier ? "Your " + tier.name + " retainer (" + tier.hours_per_month + " hours a month, " +
          money(tier.price.amount, tier.price.currency) + " a month) is active" : "Your retainer is active";
        say(el, plan + (data.email ? ", under " + data.email + ". The welcome email is on its way to that address."
          : ". A welcome email is on its way."), "done");
      })
      .catch(function () { /* the shorter message stays */ });
  }

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
            var text = data.status === "paid" && data.hours
              ? "Your " + data.hours + " prepaid hours are ready. A receipt is on its way to your email." : MESSAGES[data.status];
            say(el, text, data.status === "active" || data.status === "paid" ? "done" : "error");
            el.setAttribute("data-retainer-status", data.status);
            if (data.status === "active") describePlan(el, data);
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
    var button = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.disabled) return;  // a double click sends one email, with one link
      var email = form.elements.email.value.trim();
      if (!email || !form.elements.email.checkValidity()) {
        say(status, "Please enter the email you subscribed with.", "error");
        form.elements.email.focus();
        return;
      }
      say(status, "Sending…");
      button.disabled = true;
      postJson("/api/billing-portal", { email: email, website: form.elements.website.value })
        .then(function (answer) {
          say(status, answer.data.message || "Please try again.", answer.status === 202 ? "done" : "error");
        })
        .catch(function () { say(status, "The link could not be requested: check your connection.", "error"); })
        .then(function () { button.disabled = false; });
    });
  }

  // A used or expired link: one click sends a new one to the address the old one went to.
  function offerRenewal(box, token) {
    var row = box.querySelector("[data-billing-renew]");
    var button = box.querySelector("[data-billing-renew-button]");
    var status = box.querySelector("[data-billing-renew-status]");
    if (!row || row.dataset.ready) return;
    row.dataset.ready = "true";
    row.hidden = false;
    button.addEventListener("click", function () {
      if (button.disabled) return;
      button.disabled = true;
      say(status, "Sending…");
      postJson("/api/billing-portal/renew", { token: token })
        .then(function (answer) {
          if (answer.status === 202) {
            say(status, answer.data.message, "done");
            return;
          }
          button.disabled = answer.status === 404;
          if (answer.status === 404) {
            sayWithLink(status, answer.data.message || "This link cannot be renewed.", "/billing/", "Ask on the billing page");
          } else {
            say(status, answer.data.message || "A new link could not be sent. Please try again.", "error");
          }
        })
        .catch(function () {
          button.disabled = false;
          say(status, "A new link could not be sent: check your connection and try again.", "error");
        });
    });
  }

  // The page an emailed billing link opens: the link is used by this button's POST, never by the
  // GET that loaded the page (mail scanners open links too).
  function billingPortalOpen() {
    var box = document.querySelector("[data-billing-open]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "true";
    var button = box.querySelector("[data-billing-open-button]");
    var status = box.querySelector("[data-billing-open-status]");
    var token = new URLSearchParams(window.location.search).get("token") ||
      new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (!token) {
      sayWithLink(status, "This page opens the link from your email.", "/billing/", "Ask for a link");
      return;
    }
    button.disabled = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      say(status, "Opening Stripe's billing portal…");
      postJson("/api/billing-portal/open", { token: token })
        .then(function (answer) {
          if (answer.status === 200 && answer.data.url) {
            window.history.replaceState(null, "", window.location.pathname); // the used link leaves the address bar
            window.location.assign(answer.data.url);
            return;
          }
          button.removeAttribute("aria-busy");
          var message = answer.data.message || "The billing portal could not be opened. Please try again.";
          if (answer.status === 404 || answer.status === 410) {
            button.disabled = true;
            sayWithLink(status, message, "/billing/", "Ask for a new link");
            offerRenewal(box, token);
          } else {
            say(status, message, "error");
          }
        })
        .catch(function () {
          button.removeAttribute("aria-busy");
          say(status, "The billing portal could not be opened: check your connection and try again.", "error");
        });
    });
  }

  document$.subscribe(function () {
    subscribeButtons();
    checkoutResult();
    billingPortalForm();
    billingPortalOpen();
  });
})();
