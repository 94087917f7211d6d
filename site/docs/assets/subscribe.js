// Retainer sign-up: Subscribe buttons on the pricing page (email, then Stripe Checkout) and the
// success page waiting for Stripe's confirmation, in the page's language; the server's messages (a
// second retainer refused, a limit reached) come back in it too (VaPortal.api sends Accept-Language).
// The billing-portal forms are billing.js. navigation.instant swaps pages without a reload, so
// everything runs in document$.subscribe.
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "subscribe.lead.prepaid": "Your prepaid hours and their receipt go with this email.",
      "subscribe.lead.retainer": "Your retainer, its invoices and its billing portal go with this email.",
      "subscribe.missing.prepaid": "Please enter your email: your prepaid hours and their receipt go with it.",
      "subscribe.missing.retainer": "Please enter your email: your retainer, its invoices and its billing portal go with it.",
      "subscribe.opening": "Opening secure checkout…",
      "subscribe.failed": "Checkout could not start. Please try again.",
      "subscribe.offline": "Checkout could not start: check your connection and try again.",
      "subscribe.to_billing": "Go to the billing page", "subscribe.to_account": "Go to your account",
      "checkout.paid": "Your prepaid hours are ready. A receipt is on its way to your email.",
      "checkout.paid_hours": "Your {hours} prepaid hours are ready. A receipt is on its way to your email.",
      "checkout.active": "Your retainer is active. Welcome aboard! A welcome email is on its way.",
      "checkout.past_due": "Your retainer is set up, but the payment is still outstanding. Check your email.",
      "checkout.canceled": "This retainer has been cancelled.",
      "checkout.duplicate": "This email already had a retainer, so this second subscription is not used: we will cancel and refund it, and be in touch. Your plan is on the billing page.",
      "checkout.plan": "Your {tier} retainer ({hours} hours a month, {price} a month) is active",
      "checkout.plan_unknown": "Your retainer is active",
      "checkout.under": "{plan}, under {email}. The welcome email is on its way to that address.",
      "checkout.welcome": "{plan}. A welcome email is on its way.",
      "checkout.none": "There is no checkout to confirm here. Pick a plan on the pricing page.",
      "checkout.not_found": "We could not find this checkout. If you were charged, please get in touch.",
      "checkout.waiting": "Stripe has not confirmed the payment yet. You'll get an email as soon as it does.",
    },
    es: {
      "subscribe.lead.prepaid": "Tus horas prepagadas y su recibo quedan asociados a este correo.",
      "subscribe.lead.retainer": "Tu plan mensual, sus facturas y su portal de pagos quedan asociados a este correo.",
      "subscribe.missing.prepaid": "Escribe tu correo: tus horas prepagadas y su recibo quedan asociados a él.",
      "subscribe.missing.retainer": "Escribe tu correo: tu plan mensual, sus facturas y su portal de pagos quedan asociados a él.",
      "subscribe.opening": "Abriendo el pago seguro…",
      "subscribe.failed": "No se pudo iniciar el pago. Inténtalo de nuevo.",
      "subscribe.offline": "No se pudo iniciar el pago: revisa tu conexión e inténtalo de nuevo.",
      "subscribe.to_billing": "Ir a la página de pagos", "subscribe.to_account": "Ir a tu cuenta",
      "checkout.paid": "Tus horas prepagadas están listas. Te enviamos el recibo por correo.",
      "checkout.paid_hours": "Tus {hours} horas prepagadas están listas. Te enviamos el recibo por correo.",
      "checkout.active": "Tu plan mensual está activo. ¡Te damos la bienvenida! Te enviamos un correo de bienvenida.",
      "checkout.past_due": "Tu plan mensual está creado, pero el pago sigue pendiente. Revisa tu correo.",
      "checkout.canceled": "Este plan mensual se canceló.",
      "checkout.duplicate": "Este correo ya tenía un plan mensual, así que esta segunda suscripción no se usará: la cancelaremos, te devolveremos el dinero y te escribiremos. Tu plan está en la página de pagos.",
      "checkout.plan": "Tu plan {tier} ({hours} horas al mes, {price} al mes) está activo",
      "checkout.plan_unknown": "Tu plan mensual está activo",
      "checkout.under": "{plan}, a nombre de {email}. El correo de bienvenida va en camino a esa dirección.",
      "checkout.welcome": "{plan}. Te enviamos un correo de bienvenida.",
      "checkout.none": "Aquí no hay ningún pago que confirmar. Elige un plan en la página de precios.",
      "checkout.not_found": "No encontramos este pago. Si se te hizo un cargo, escríbenos.",
      "checkout.waiting": "Stripe aún no confirma el pago. Te escribiremos en cuanto lo haga.",
    },
  });

  var t = window.VaI18n.t;
  var D = window.VaDom;

  // A tier's Subscribe opens a dialog that asks for the email first: checkout then reuses the
  // client's Stripe customer, and the server refuses a second retainer before Stripe is involved.
  // Without <dialog> support or script, the buttons stay links to the contact page.
  function subscribeButtons() {
    var dialog = document.querySelector("[data-subscribe-dialog]");
    if (!dialog || typeof dialog.showModal !== "function" || dialog.dataset.ready) return;
    dialog.dataset.ready = "true";
    var P = window.VaPortal;
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
          ? { url: "/api/checkout/prepaid", body: { hours: Number(button.dataset.prepaid) }, kind: "prepaid" }
          : { url: "/api/checkout", body: { tier: button.dataset.subscribe }, kind: "retainer" };
        if (lead) lead.textContent = t("subscribe.lead." + request.kind);
        title.textContent = button.textContent.trim();
        D.say(status, "");
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
        D.say(status, t("subscribe.missing." + request.kind), "error");
        form.elements.email.focus();
        return;
      }
      submit.setAttribute("aria-busy", "true");
      D.say(status, t("subscribe.opening"));
      P.api("POST", request.url, { body: Object.assign({ email: email }, request.body) }).then(function (answer) {
        if (answer.status === 200 && answer.data.url) {
          window.location.assign(answer.data.url);
          return;
        }
        submit.removeAttribute("aria-busy");
        if (answer.status === 0) { D.say(status, t("subscribe.offline"), "error"); return; }
        var message = P.problem(answer, t("subscribe.failed"));
        if (answer.status === 409 && answer.data.billing_portal) {
          D.sayWithLink(status, message, answer.data.billing_portal, t("subscribe.to_billing"));
        } else if (answer.status === 409 && answer.data.account) {
          D.sayWithLink(status, message, answer.data.account, t("subscribe.to_account"));
        } else {
          D.say(status, message, "error");
        }
      });
    });
  }

  // Only "active" promises an email: the webhook that made it active sent the welcome email.
  var SETTLED = ["paid", "active", "past_due", "canceled", "duplicate"];

  // Which plan, for how much, under which email, and what to do next: the page a person keeps open.
  function describePlan(node, data) {
    var next = document.querySelector("[data-checkout-next]");
    if (next) next.hidden = false;
    window.VaPortal.catalog().then(function (catalog) {
      var tier = (catalog.tiers || []).filter(function (tr) { return tr.id === data.tier; })[0];
      var plan = tier ? t("checkout.plan", {
        tier: tier.name, hours: window.VaFormat.number(tier.hours_per_month),
        price: window.VaFormat.money(tier.price.amount, tier.price.currency),
      }) : t("checkout.plan_unknown");
      D.say(node, data.email ? t("checkout.under", { plan: plan, email: data.email }) : t("checkout.welcome", { plan: plan }), "done");
    });
  }

  function checkoutResult() {
    var node = document.querySelector("[data-checkout-status]");
    if (!node) return;
    var id = new URLSearchParams(window.location.search).get("session_id");
    if (!id) {
      D.say(node, t("checkout.none"), "error");
      return;
    }
    var started = Date.now();
    (function poll() {
      if (!document.body.contains(node)) return; // the reader moved to another page
      window.VaPortal.api("GET", "/api/checkout/sessions/" + encodeURIComponent(id)).then(function (answer) {
        var data = answer.data;
        if (answer.status === 200 && SETTLED.indexOf(data.status) !== -1) {
          var text = data.status === "paid" && data.hours
            ? t("checkout.paid_hours", { hours: window.VaFormat.number(data.hours) }) : t("checkout." + data.status);
          D.say(node, text, data.status === "active" || data.status === "paid" ? "done" : "error");
          node.setAttribute("data-retainer-status", data.status);
          if (data.status === "active") describePlan(node, data);
        } else if (answer.status === 404) {
          D.say(node, t("checkout.not_found"), "error");
        } else if (Date.now() - started > 90000) {
          D.say(node, t("checkout.waiting"), "error");
        } else {
          setTimeout(poll, answer.status === 0 ? 3000 : 1500);
        }
      });
    })();
  }

  document$.subscribe(function () {
    subscribeButtons();
    checkoutResult();
  });
})();
