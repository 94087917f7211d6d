/* The client's account page (site/docs/account/index.md, #account-app).
 *
 * GET /api/me decides the state (signed out, the assistant, a client); then GET /api/me/account and
 * GET /api/me/hours (404 until the hours ledger exists: the section is left out) fill the sections:
 * plan, hours (account-hours.js), invoices and billing, calls, questionnaire, data export and signing out.
 * Every word in the page's language; its links lead to the pages in that language (VaPortal.pageUrl).
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "account.failed": "Your account could not be loaded", "account.failed_text": "Your account could not be loaded.",
      "account.assistant.title": "You're signed in as the assistant",
      "account.assistant.text": "This page is for clients. Your clients, calls and hours are in the practice view.",
      "account.assistant.link": "Open the practice view",
      "account.billing_failed": "The billing portal could not be opened. Please try again.",
      "account.plan": "Your plan", "account.no_retainer": "You don't have a retainer yet.", "account.see_plans": "See the plans",
      "account.price": "Price", "account.a_month": "{price} a month", "account.hours_a_month": "Hours a month",
      "account.last_period": "Last period", "account.current_period": "Current period",
      "account.past_due": "Your last payment did not go through. Please update your card to keep your hours.",
      "account.incomplete": "Your first payment is not complete yet. Please finish it or update your card.",
      "account.cancelled": "Your retainer is cancelled. You can start a new one at any time.",
      "account.update_card": "Update your card", "account.no_invoices": "No invoices yet.",
      "account.invoices_table": "Your invoices", "account.col.period": "Period", "account.col.paid": "Paid",
      "account.billing_text": "Update your card, change or cancel your plan and download receipts in Stripe's secure billing portal.",
      "account.manage_billing": "Manage billing", "account.invoices": "Invoices and billing",
      "account.download": "Download my data", "account.preparing": "Preparing your data…",
      "account.downloading": "Your data is downloading as {name}.",
      "account.session_ended": "Your session has ended. Sign in again to download your data.",
      "account.download_failed": "Your data could not be downloaded.", "account.data": "Your data",
      "account.data_text": "Download a copy of everything we hold about you: your details, calls, questionnaires, invoices and hours, as one JSON file.",
      "account.sign_out_failed": "Signing out did not work. Please try again.", "account.sign_out": "Sign out",
      "account.everywhere_hint": "“Sign out everywhere” also ends your sessions in every other browser and device.",
      "account.everywhere": "Sign out everywhere", "account.signed_out_everywhere": "You're signed out on every device.",
      "account.on_this_page": "On this page", "account.loading": "Loading your account…",
      "account.signed_out": "Sign in with the link we email you to see your plan, hours, invoices and calls.",
    },
    es: {
      "account.failed": "No se pudo cargar tu cuenta", "account.failed_text": "No se pudo cargar tu cuenta.",
      "account.assistant.title": "Iniciaste sesión con la cuenta que administra el portal",
      "account.assistant.text": "Esta página es para clientes. Tus clientes, llamadas y horas están en el panel de gestión.",
      "account.assistant.link": "Abrir el panel de gestión",
      "account.billing_failed": "No se pudo abrir el portal de pagos. Inténtalo de nuevo.",
      "account.plan": "Tu plan", "account.no_retainer": "Todavía no tienes un plan mensual.", "account.see_plans": "Ver los planes",
      "account.price": "Precio", "account.a_month": "{price} al mes", "account.hours_a_month": "Horas al mes",
      "account.last_period": "Último periodo", "account.current_period": "Periodo actual",
      "account.past_due": "Tu último pago no se procesó. Actualiza tu tarjeta para conservar tus horas.",
      "account.incomplete": "Tu primer pago aún no se completa. Termínalo o actualiza tu tarjeta.",
      "account.cancelled": "Tu plan mensual está cancelado. Puedes empezar uno nuevo cuando quieras.",
      "account.update_card": "Actualizar tu tarjeta", "account.no_invoices": "Todavía no hay facturas.",
      "account.invoices_table": "Tus facturas", "account.col.period": "Periodo", "account.col.paid": "Pagado",
      "account.billing_text": "Actualiza tu tarjeta, cambia o cancela tu plan y descarga tus recibos en el portal de pagos seguro de Stripe.",
      "account.manage_billing": "Gestionar pagos", "account.invoices": "Facturas y pagos",
      "account.download": "Descargar mis datos", "account.preparing": "Preparando tus datos…",
      "account.downloading": "Tus datos se están descargando como {name}.",
      "account.session_ended": "Tu sesión terminó. Vuelve a iniciar sesión para descargar tus datos.",
      "account.download_failed": "No se pudieron descargar tus datos.", "account.data": "Tus datos",
      "account.data_text": "Descarga una copia de todo lo que guardamos sobre ti: tus datos, llamadas, cuestionarios, facturas y horas, en un solo archivo JSON.",
      "account.sign_out_failed": "No se pudo cerrar la sesión. Inténtalo de nuevo.", "account.sign_out": "Cerrar sesión",
      "account.everywhere_hint": "«Cerrar sesión en todas partes» también cierra tus sesiones en los demás navegadores y dispositivos.",
      "account.everywhere": "Cerrar sesión en todas partes",
      "account.signed_out_everywhere": "Cerraste sesión en todos tus dispositivos.",
      "account.on_this_page": "En esta página", "account.loading": "Cargando tu cuenta…",
      "account.signed_out": "Inicia sesión con el enlace que te enviamos por correo para ver tu plan, horas, facturas y llamadas.",
    },
  });

  var t = window.VaI18n.t;
  var P;
  var el;

  function failed(root, answer, retry) {
    P.state(root, "error", {
      title: t("account.failed"),
      text: P.problem(answer, t("account.failed_text")),
      retry: retry, focus: true,
    });
  }

  function assistant(root) {
    P.state(root, "assistant", {
      title: t("account.assistant.title"),
      text: t("account.assistant.text"),
      links: [[t("account.assistant.link"), P.pageUrl("/practice/")]],
    });
  }

  /* ------------------------------------------------------------------ plan and billing */

  function billingPortal(text, primary) {
    var message = P.messageArea();
    var go = P.button(text, function () {
      if (go.disabled) return;
      go.disabled = true;
      message.say(t("portal.billing_opening"));
      P.api("POST", "/api/me/billing-portal").then(function (answer) {
        if (answer.status === 200 && answer.data.url) { window.location.assign(answer.data.url); return; }
        go.disabled = false;
        message.say(P.problem(answer, t("account.billing_failed")), "error");
      });
    }, { primary: primary, class: "portal-billing-portal" });
    return el("div", { class: "portal-billing" }, [el("p", { class: "portal-actions" }, [go]), message.node]);
  }

  function plan(account) {
    var retainer = account.retainer;
    if (!retainer) {
      return P.section("account-plan", t("account.plan"), [
        el("p", { "data-retainer-status": "none", text: t("account.no_retainer") }),
        el("p", { class: "portal-actions" }, [P.linkButton(t("account.see_plans"), P.pageUrl("/pricing/"), true)]),
      ]);
    }
    var status = retainer.status;
    var children = [
      el("p", { class: "portal-headline" }, [
        el("span", { class: "portal-plan-name", text: retainer.tier_name || retainer.tier }),
        el("span", { class: "portal-badge", "data-status": status, "data-retainer-status": status,
                     text: P.label("retainer", status) }),
      ]),
      P.facts([
        [t("account.price"), retainer.price ? t("account.a_month", { price: P.money(retainer.price.amount, retainer.price.currency) }) : ""],
        [t("account.hours_a_month"), retainer.hours_per_month ? P.number(retainer.hours_per_month) : ""],
        [t(status === "canceled" ? "account.last_period" : "account.current_period"),
         P.dateRange(retainer.current_period_start, retainer.current_period_end)],
      ]),
    ];
    if (status === "past_due") {
      children.push(el("p", { class: "portal-alert", text: t("account.past_due") }));
      children.push(billingPortal(t("account.update_card"), true));
    } else if (status === "incomplete") {
      children.push(el("p", { class: "portal-alert", text: t("account.incomplete") }));
      children.push(billingPortal(t("account.update_card"), true));
    } else if (status === "canceled" || status === "cancelled") {
      children.push(el("p", { text: t("account.cancelled") }));
      children.push(el("p", { class: "portal-actions" }, [P.linkButton(t("account.see_plans"), P.pageUrl("/pricing/"), true)]));
    }
    return P.section("account-plan", t("account.plan"), children);
  }

  function invoices(account) {
    var list = (account.invoices || []).slice().sort(function (a, b) { return a.created < b.created ? 1 : -1; });
    var children = [];
    if (!list.length) {
      children.push(el("p", { text: t("account.no_invoices") }));
    } else {
      children.push(P.table(t("account.invoices_table"), [
        { title: t("portal.col.invoice"), nowrap: true, cell: function (i) { return i.number || "—"; } },
        { title: t("portal.col.date"), nowrap: true, cell: function (i) { return P.date(i.created); } },
        { title: t("account.col.period"), cell: function (i) { return P.dateRange(i.period_start, i.period_end); } },
        { title: t("portal.col.amount"), numeric: true, cell: function (i) { return P.money(i.amount_due, i.currency); } },
        { title: t("account.col.paid"), numeric: true, cell: function (i) { return P.money(i.amount_paid, i.currency); } },
        { title: t("portal.col.status"), cell: function (i) { return P.label("invoice", i.status); } },
        { title: t("portal.col.details"), cell: P.invoiceLink },
      ], list, { rowId: function (i) { return i.id; }, hideCaption: true }));
    }
    if (account.retainer || list.length) {
      children.push(el("p", { text: t("account.billing_text") }));
      children.push(billingPortal(t("account.manage_billing"), !(account.retainer && account.retainer.status === "past_due")));
    }
    return P.section("account-invoices", t("account.invoices"), children);
  }

  /* ------------------------------------------------------------------ data and signing out */

  function data(root) {
    var message = P.messageArea();
    var go = P.button(t("account.download"), function () {
      go.disabled = true;
      message.say(t("account.preparing"));
      P.api("GET", "/api/me/export", { blob: true }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 200) {
          var name = P.saveBlob(answer.data, answer.headers, "my-data.json");
          message.say(t("account.downloading", { name: name }), "done");
          return;
        }
        if (answer.status === 401) { P.signedOut(root, t("account.session_ended")); return; }
        message.say(P.problem(answer, t("account.download_failed")), "error");
      });
    });
    return P.section("account-data", t("account.data"), [
      el("p", { text: t("account.data_text") }),
      el("p", { class: "portal-actions" }, [go]), message.node,
    ]);
  }

  function signOut(root) {
    var message = P.messageArea();
    function leave(path, done) {
      return function () {
        message.say(t("portal.signing_out"));
        P.api("POST", path).then(function (answer) {
          if (answer.status === 204 || answer.status === 200 || answer.status === 401) {
            P.state(root, "signed-out", { title: t("portal.signed_out.title"), text: done,
                                           links: [[t("portal.sign_in_again"), P.pageUrl("/account/sign-in/")]], focus: true });
            return;
          }
          message.say(P.problem(answer, t("account.sign_out_failed")), "error");
        });
      };
    }
    return P.section("account-sign-out", t("account.sign_out"), [
      el("p", { id: "account-sign-out-everywhere-hint",
                text: t("account.everywhere_hint") }),
      el("p", { class: "portal-actions" }, [
        P.button(t("account.sign_out"), leave("/api/auth/sign-out", t("portal.signed_out_here"))),
        P.button(t("account.everywhere"), leave("/api/auth/sign-out-everywhere", t("account.signed_out_everywhere")),
                 { describedBy: "account-sign-out-everywhere-hint" }),
      ]),
      message.node,
    ]);
  }

  /* ------------------------------------------------------------------ the page */

  function render(root, me, account, hours, cat) {
    root.textContent = "";
    root.setAttribute("aria-busy", "false");
    var who = account.name || me.name;
    root.appendChild(el("p", { class: "portal-signed-in", "data-signed-in-as": account.email || me.email },
      [t("portal.signed_in_as", { who: P.who(who, account.email || me.email) })]));
    var nav = el("nav", { class: "portal-jump", "aria-label": t("account.on_this_page") });
    root.appendChild(nav);
    var history = window.VaAccountHistory;  // account-history.js: calls and questionnaires
    var sections = [plan(account), window.VaAccountHours.section(hours, cat), invoices(account), history.calls(account),
                    history.intakes(account, cat), data(root), signOut(root)].filter(Boolean);
    nav.appendChild(el("ul", {}, sections.map(function (s) {
      return el("li", {}, [el("a", { href: "#" + s.id, text: s.querySelector("h2").textContent })]);
    })));
    sections.forEach(function (s) { root.appendChild(s); });
  }

  function load(root) {
    P.state(root, "loading", { text: t("account.loading") });
    var retry = function () { load(root); };
    P.api("GET", "/api/me").then(function (me) {
      if (me.status === 401) { P.signedOut(root, t("account.signed_out")); return; }
      if (me.status !== 200) { failed(root, me, retry); return; }
      if (me.data.role === "assistant") { assistant(root); return; }
      return Promise.all([P.api("GET", "/api/me/account"), P.api("GET", "/api/me/hours"), P.catalog()]).then(function (all) {
        var account = all[0];
        if (account.status === 401) { P.signedOut(root); return; }
        if (account.status === 403) { assistant(root); return; }
        if (account.status !== 200) { failed(root, account, retry); return; }
        render(root, me.data, account.data, all[1], all[2]);
      });
    });
  }

  function boot() {
    var root = document.getElementById("account-app");
    if (!root || root.dataset.ready) return;
    P = window.VaPortal;
    el = P.el;
    root.dataset.ready = "true";
    load(root);
  }

  if (typeof document$ !== "undefined") document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
