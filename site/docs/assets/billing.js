// Billing without signing in: the billing page's form that emails a billing-portal link, the page
// that link opens (its button uses the link, never the GET that loaded the page: mail scanners open
// links too), and the renewal of a used or expired link. In the page's language; the server's own
// messages (202s, 404s, 410s, 429s) are shown as it words them, in that language (Accept-Language).
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "billing.email_missing": "Please enter the email you subscribed with.",
      "billing.sending": "Sending…", "billing.retry": "Please try again.",
      "billing.offline": "The link could not be requested: check your connection.",
      "billing.renew_refused": "This link cannot be renewed.", "billing.ask": "Ask on the billing page",
      "billing.renew_failed": "A new link could not be sent. Please try again.",
      "billing.renew_offline": "A new link could not be sent: check your connection and try again.",
      "billing.open_here": "This page opens the link from your email.", "billing.ask_link": "Ask for a link",
      "billing.opening": "Opening Stripe's billing portal…",
      "billing.open_failed": "The billing portal could not be opened. Please try again.",
      "billing.ask_new": "Ask for a new link",
      "billing.open_offline": "The billing portal could not be opened: check your connection and try again.",
    },
    es: {
      "billing.email_missing": "Escribe el correo con el que te suscribiste.",
      "billing.sending": "Enviando…", "billing.retry": "Inténtalo de nuevo.",
      "billing.offline": "No se pudo pedir el enlace: revisa tu conexión.",
      "billing.renew_refused": "Este enlace no se puede renovar.", "billing.ask": "Pídelo en la página de pagos",
      "billing.renew_failed": "No se pudo enviar un enlace nuevo. Inténtalo de nuevo.",
      "billing.renew_offline": "No se pudo enviar un enlace nuevo: revisa tu conexión e inténtalo de nuevo.",
      "billing.open_here": "Esta página abre el enlace que recibiste por correo.", "billing.ask_link": "Pide un enlace",
      "billing.opening": "Abriendo el portal de pagos de Stripe…",
      "billing.open_failed": "No se pudo abrir el portal de pagos. Inténtalo de nuevo.",
      "billing.ask_new": "Pide un enlace nuevo",
      "billing.open_offline": "No se pudo abrir el portal de pagos: revisa tu conexión e inténtalo de nuevo.",
    },
  });

  var t = window.VaI18n.t;
  var D = window.VaDom;

  function post(url, body) { return window.VaPortal.api("POST", url, { body: body }); }

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
        D.say(status, t("billing.email_missing"), "error");
        form.elements.email.focus();
        return;
      }
      D.say(status, t("billing.sending"));
      button.disabled = true;
      post("/api/billing-portal", { email: email, website: form.elements.website.value }).then(function (answer) {
        button.disabled = false;
        if (answer.status === 0) { D.say(status, t("billing.offline"), "error"); return; }
        D.say(status, answer.data.message || window.VaPortal.problem(answer, t("billing.retry")),
              answer.status === 202 ? "done" : "error");
      });
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
      D.say(status, t("billing.sending"));
      post("/api/billing-portal/renew", { token: token }).then(function (answer) {
        if (answer.status === 202) {
          D.say(status, answer.data.message, "done");
          return;
        }
        button.disabled = answer.status === 404;
        if (answer.status === 0) {
          D.say(status, t("billing.renew_offline"), "error");
        } else if (answer.status === 404) {
          D.sayWithLink(status, answer.data.message || t("billing.renew_refused"), D.pageUrl("/billing/"), t("billing.ask"));
        } else {
          D.say(status, window.VaPortal.problem(answer, t("billing.renew_failed")), "error");
        }
      });
    });
  }

  function billingPortalOpen() {
    var box = document.querySelector("[data-billing-open]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "true";
    var button = box.querySelector("[data-billing-open-button]");
    var status = box.querySelector("[data-billing-open-status]");
    var token = new URLSearchParams(window.location.search).get("token") ||
      new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (!token) {
      D.sayWithLink(status, t("billing.open_here"), D.pageUrl("/billing/"), t("billing.ask_link"));
      return;
    }
    button.disabled = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      D.say(status, t("billing.opening"));
      post("/api/billing-portal/open", { token: token }).then(function (answer) {
        if (answer.status === 200 && answer.data.url) {
          window.history.replaceState(null, "", window.location.pathname); // the used link leaves the address bar
          window.location.assign(answer.data.url);
          return;
        }
        button.removeAttribute("aria-busy");
        if (answer.status === 0) { D.say(status, t("billing.open_offline"), "error"); return; }
        var message = window.VaPortal.problem(answer, t("billing.open_failed"));
        if (answer.status === 404 || answer.status === 410) {
          button.disabled = true;
          D.sayWithLink(status, message, D.pageUrl("/billing/"), t("billing.ask_new"));
          offerRenewal(box, token);
        } else {
          D.say(status, message, "error");
        }
      });
    });
  }

  document$.subscribe(function () {
    billingPortalForm();
    billingPortalOpen();
  });
})();
