/* The practice view (site/docs/practice/index.md, #practice-app), for the assistant only.
 *
 * GET /api/me decides: signed out (a sign-in link), a client (403 state, a link to /account/), or the
 * assistant: then the sections load side by side: clients (filters, a detail panel with bookings,
 * intakes, invoices, hours and erasure), upcoming calls (cancel, reschedule onto a free slot), new
 * intakes (mark reviewed), log time and import (the hours ledger: hidden while the API lacks it)
 * and the activity log. The static forms are in the page; the section files fill and wire them
 * (practice-common.js, practice-clients.js, practice-client-hours.js, practice-calls.js,
 * practice-intakes.js, practice-time.js, all loaded before this one); this file starts the visit.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.failed": "The practice view could not be loaded", "practice.loading": "Loading the practice view…",
      "practice.sign_out_failed": "Signing out did not work.",
    },
    es: {
      "practice.failed": "No se pudo cargar el panel de gestión",
      "practice.loading": "Cargando el panel de gestión…",
      "practice.sign_out_failed": "No se pudo cerrar la sesión.",
    },
  });

  var P = window.VaPortal;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var $ = V.$, say = V.say, hideSection = V.hideSection, LEDGER_PATH = V.LEDGER_PATH;

  /* Is the hours ledger in the API? The OpenAPI document lists every route. */
  function detectLedger() {
    return P.api("GET", "/api/openapi.json").then(function (answer) {
      if (answer.status !== 200 || !answer.data.paths) return true;  // unknown: let the sections try
      return !!answer.data.paths[LEDGER_PATH];
    });
  }

  function wireSignOut() {
    $("practice-sign-out").addEventListener("click", function () {
      say("practice-sign-out-status", t("portal.signing_out"));
      P.api("POST", "/api/auth/sign-out").then(function (answer) {
        if (answer.status === 204 || answer.status === 200 || answer.status === 401) {
          V.page = null;
          $("practice-app").hidden = true;
          var state = $("practice-state");
          state.hidden = false;
          P.state(state, "signed-out", { title: t("portal.signed_out.title"), text: t("portal.signed_out_here"),
                                          links: [[t("portal.sign_in_again"), P.pageUrl("/account/sign-in/")]], focus: true });
          return;
        }
        say("practice-sign-out-status", P.problem(answer, t("practice.sign_out_failed")), "error");
      });
    });
  }

  function load() {
    var state = $("practice-state");
    var app = $("practice-app");
    app.hidden = true;
    state.hidden = false;
    P.state(state, "loading", { text: t("practice.loading") });
    P.api("GET", "/api/me").then(function (me) {
      if (me.status === 401) { V.signedOut(); return; }
      if (me.status !== 200) {
        P.state(state, "error", { title: t("practice.failed"), text: P.problem(me), retry: load, focus: true });
        return;
      }
      if (me.data.role !== "assistant") { V.forbidden(); return; }
      return Promise.all([P.catalog(), detectLedger()]).then(function (all) {
        V.page = { catalog: all[0], ledger: all[1], clients: [], openClient: null };
        state.textContent = "";
        state.hidden = true;
        app.hidden = false;
        $("practice-signed-in").textContent = t("portal.signed_in_as", { who: P.who(me.data.name, me.data.email) });
        V.time.fillServices();
        if (!V.page.ledger) { hideSection("practice-log"); hideSection("practice-import"); }
        V.clients.load();
        V.calls.load();
        V.intakes.load();
        V.activity.load();
      });
    });
  }

  function boot() {
    var root = document.getElementById("practice-app");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "true";
    V.page = null;
    V.clients.wire();
    V.time.wireLog();
    V.time.wireImport();
    wireSignOut();
    load();
  }

  if (typeof document$ !== "undefined") document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
