/* The account page's calls and questionnaire sections (account.js places them): upcoming calls with
 * their manage links, past calls, and the questionnaires sent with their answers (portal-answers.js),
 * in the page's language. Adds VaAccountHistory.calls(account) and .intakes(account, catalog).
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "account.upcoming": "Upcoming", "account.no_upcoming": "No upcoming calls. ", "account.book": "Book a call",
      "account.manage_call": "Manage this call", "account.manage_call_at": "Manage this call, {when}",
      "account.past": "Past", "account.no_past": "No past calls.", "account.calls": "Your calls",
      "account.intake": "Your questionnaire", "account.no_intake": "You haven't sent the questionnaire yet. ",
      "account.start_intake": "Start the questionnaire", "account.sent_on": "Sent on {date}",
      "account.reviewed": "Reviewed", "account.waiting": "Waiting to be reviewed", "account.services": "Services",
      "account.answers": "Your answers",
    },
    es: {
      "account.upcoming": "Próximas", "account.no_upcoming": "No tienes llamadas próximas. ",
      "account.book": "Agendar una llamada", "account.manage_call": "Gestionar esta llamada",
      "account.manage_call_at": "Gestionar esta llamada, {when}", "account.past": "Anteriores",
      "account.no_past": "No hay llamadas anteriores.", "account.calls": "Tus llamadas",
      "account.intake": "Tu cuestionario", "account.no_intake": "Todavía no enviaste el cuestionario. ",
      "account.start_intake": "Empezar el cuestionario", "account.sent_on": "Enviado el {date}",
      "account.reviewed": "Revisado", "account.waiting": "Pendiente de revisión", "account.services": "Servicios",
      "account.answers": "Tus respuestas",
    },
  });

  var t = window.VaI18n.t;
  var P;
  var el;

  function calls(account) {
    var bookings = account.bookings || {};
    var upcoming = (bookings.upcoming || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? -1 : 1; });
    var past = (bookings.past || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? 1 : -1; });
    var children = [el("h3", { text: t("account.upcoming") })];
    if (!upcoming.length) {
      children.push(el("p", {}, [t("account.no_upcoming"), el("a", { href: P.pageUrl("/book/"), text: t("account.book") })]));
    } else {
      children.push(el("ul", { class: "portal-list portal-calls" }, upcoming.map(function (b) {
        return el("li", { "data-booking-id": b.id }, [
          el("span", { class: "portal-call-time", text: P.callTime(b) }),
          b.status === "cancelled" ? el("span", { class: "portal-badge", "data-status": "canceled", text: t("portal.cancelled") }) : null,
          b.manage_url ? el("a", { href: b.manage_url, class: "md-button portal-button", text: t("account.manage_call"),
                                   "aria-label": t("account.manage_call_at", { when: P.dateTime(b.start) }) }) : null,
        ]);
      })));
    }
    children.push(el("h3", { text: t("account.past") }));
    if (!past.length) children.push(el("p", { text: t("account.no_past") }));
    else children.push(el("ul", { class: "portal-list portal-calls" }, past.map(function (b) {
      return el("li", { "data-booking-id": b.id }, [
        el("span", { class: "portal-call-time", text: P.callTime(b) }),
        b.status === "cancelled" ? el("span", { class: "portal-badge", "data-status": "canceled", text: t("portal.cancelled") }) : null,
      ]);
    })));
    return P.section("account-calls", t("account.calls"), children);
  }

  function intakes(account, cat) {
    var list = (account.intakes || []).slice().sort(function (a, b) { return a.created_at < b.created_at ? 1 : -1; });
    if (!list.length) {
      return P.section("account-intakes", t("account.intake"), [
        el("p", {}, [t("account.no_intake"), el("a", { href: P.pageUrl("/intake/"), text: t("account.start_intake") })]),
      ]);
    }
    return P.section("account-intakes", t("account.intake"), list.map(function (intake) {
      return el("article", { class: "portal-card", "data-intake-id": intake.id }, [
        el("h3", { text: t("account.sent_on", { date: P.date(intake.created_at) }) }),
        P.facts([
          [t("portal.col.status"), t(intake.status === "reviewed" ? "account.reviewed" : "account.waiting")],
          [t("account.services"), (intake.services || []).map(function (id) { return P.serviceName(cat.services, id); }).join(", ")],
          [t("account.hours_a_month"), intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
        intake.answers ? el("details", { class: "portal-details" }, [
          el("summary", { text: t("account.answers") }), P.intakeAnswers(intake.answers, cat),
        ]) : null,
      ]);
    }));
  }

  window.VaAccountHistory = {
    calls: function (account) { P = window.VaPortal; el = P.el; return calls(account); },
    intakes: function (account, cat) { P = window.VaPortal; el = P.el; return intakes(account, cat); },
  };
})();
