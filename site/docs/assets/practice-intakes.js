/* The practice view's new intakes (mark reviewed, open the client) and its activity log (who did what
 * and when, each action named in the page's language). Adds VaPractice.intakes.load and .activity.load.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.activity": "Activity", "practice.activity.failed": "The activity could not be loaded.",
      "practice.activity.loading": "Loading activity…", "practice.activity.none": "No activity yet.",
      "practice.activity.target": "Target", "practice.activity.what": "What", "practice.activity.when": "When",
      "practice.activity.who": "Who", "practice.intakes.failed": "The intakes could not be loaded.",
      "practice.intakes.loading": "Loading intakes…", "practice.intakes.mark": "Mark reviewed",
      "practice.intakes.mark_failed": "The intake could not be marked reviewed.",
      "practice.intakes.marked": "The intake of {title} is marked reviewed.",
      "practice.intakes.none": "No new intakes.", "practice.intakes.open": "Open client",
      "practice.action.booking.cancel": "Booking cancel",
      "practice.action.booking.reschedule": "Booking reschedule", "practice.action.client.erase": "Client erase",
      "practice.action.intake.reviewed": "Intake reviewed", "practice.action.time-entry.log": "Time-entry log",
      "practice.action.time-entry.import": "Time-entry import",
      "practice.action.time-entry.edit": "Time-entry edit",
      "practice.action.time-entry.delete": "Time-entry delete",
      "practice.action.tracker-names.set": "Tracker-names set",
    },
    es: {
      "practice.activity": "Actividad", "practice.activity.failed": "No se pudo cargar la actividad.",
      "practice.activity.loading": "Cargando actividad…", "practice.activity.none": "Todavía no hay actividad.",
      "practice.activity.target": "Sobre", "practice.activity.what": "Qué", "practice.activity.when": "Cuándo",
      "practice.activity.who": "Quién", "practice.intakes.failed": "No se pudieron cargar los cuestionarios.",
      "practice.intakes.loading": "Cargando cuestionarios…", "practice.intakes.mark": "Marcar como revisado",
      "practice.intakes.mark_failed": "No se pudo marcar el cuestionario como revisado.",
      "practice.intakes.marked": "El cuestionario de {title} quedó marcado como revisado.",
      "practice.intakes.none": "No hay cuestionarios nuevos.", "practice.intakes.open": "Abrir cliente",
      "practice.action.booking.cancel": "Llamada cancelada", "practice.action.booking.reschedule": "Llamada movida",
      "practice.action.client.erase": "Cliente borrado", "practice.action.intake.reviewed": "Cuestionario revisado",
      "practice.action.time-entry.log": "Tiempo registrado",
      "practice.action.time-entry.import": "Tiempo importado",
      "practice.action.time-entry.edit": "Registro de tiempo editado",
      "practice.action.time-entry.delete": "Registro de tiempo eliminado",
      "practice.action.tracker-names.set": "Nombres de registro guardados",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var $ = V.$, say = V.say, enc = V.enc, ended = V.ended, hideSection = V.hideSection;

  var ACTIONS = ["booking.cancel", "booking.reschedule", "client.erase", "intake.reviewed", "time-entry.log",
                 "time-entry.import", "time-entry.edit", "time-entry.delete", "tracker-names.set"];

  /* An audit action ("booking.cancel") in words; one the page does not know, made readable. */
  function actionName(action) {
    if (ACTIONS.indexOf(action) !== -1) return t("practice.action." + action);
    return String(action || "").replace(/[._-]+/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  function loadIntakes(quiet) {
    quiet = quiet === true;
    var visit = V.page;
    if (!quiet) say("practice-intakes-status", t("practice.intakes.loading"));
    return P.api("GET", "/api/practice/intakes?status=new").then(function (answer) {
      if (visit !== V.page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-intakes"); return; }
      if (answer.status !== 200) { say("practice-intakes-status", P.problem(answer, t("practice.intakes.failed")), "error"); return; }
      if (!quiet) say("practice-intakes-status", "");
      renderIntakes(answer.data.intakes || []);
    });
  }

  function renderIntakes(intakes) {
    var holder = $("practice-intakes-list");
    holder.textContent = "";
    if (!intakes.length) { holder.appendChild(el("p", { text: t("practice.intakes.none") })); return; }
    intakes.sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; }).forEach(function (intake) {
      var title = intake.company ? intake.company + " (" + (intake.name || intake.client_email) + ")" : (intake.name || intake.client_email);
      var card = el("article", { class: "portal-card", "data-intake-id": intake.id }, [
        el("h3", { text: title }),
        P.facts([
          [t("practice.col.email"), intake.client_email], [t("practice.sent"), P.date(intake.created_at)],
          [t("practice.services"), (intake.services || []).map(function (id) { return P.serviceName(V.page.catalog.services, id); }).join(", ")],
          [t("practice.hours_a_month"), intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
      ]);
      var reviewed = P.button(t("practice.intakes.mark"), function () {
        reviewed.disabled = true;
        P.api("POST", "/api/practice/intakes/" + enc(intake.id) + "/reviewed").then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            card.remove();
            say("practice-intakes-status", t("practice.intakes.marked", { title: title }), "done");
            if (!holder.querySelector(".portal-card")) holder.appendChild(el("p", { text: t("practice.intakes.none") }));
            V.clients.load(true);
            return;
          }
          reviewed.disabled = false;
          say("practice-intakes-status", P.problem(answer, t("practice.intakes.mark_failed")), "error");
        });
      }, { primary: true });
      card.appendChild(el("p", { class: "portal-actions" }, [
        reviewed,
        intake.client_email ? P.button(t("practice.intakes.open"), function () {
          V.clients.open(intake.client_email);
          $("practice-clients").scrollIntoView();
        }) : null,
      ]));
      holder.appendChild(card);
    });
  }

  function loadActivity(quiet) {
    quiet = quiet === true;
    var visit = V.page;
    if (!quiet) say("practice-activity-status", t("practice.activity.loading"));
    return P.api("GET", "/api/practice/audit").then(function (answer) {
      if (visit !== V.page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-activity"); return; }
      if (answer.status !== 200) { say("practice-activity-status", P.problem(answer, t("practice.activity.failed")), "error"); return; }
      if (!quiet) say("practice-activity-status", "");
      var entries = answer.data.entries || [];
      var holder = $("practice-activity-list");
      holder.textContent = "";
      if (!entries.length) { holder.appendChild(el("p", { text: t("practice.activity.none") })); return; }
      holder.appendChild(P.table(t("practice.activity"), [
        { title: t("practice.activity.when"), nowrap: true, cell: function (e) { return P.dateTime(e.at); } },
        { title: t("practice.activity.who"), cell: function (e) { return e.actor; } },
        { title: t("practice.activity.what"), cell: function (e) { return actionName(e.action); } },
        { title: t("practice.activity.target"), cell: function (e) { return e.target || ""; } },
      ], entries, { hideCaption: true }));
    });
  }

  V.intakes = { load: loadIntakes };
  V.activity = { load: loadActivity };
})();
