/* The practice view's upcoming calls: cancel one (after an inline "are you sure"), or move it onto a
 * free slot of the next 30 days shown in the assistant's time zone, asking before it moves.
 * Adds VaPractice.calls.load(quiet).
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.calls.keep": "No, keep it",
      "practice.calls.cancel": "Cancel call", "practice.calls.cancel_failed": "The call could not be cancelled.",
      "practice.calls.cancel_q": "Cancel this call?", "practice.calls.cancel_yes": "Yes, cancel the call",
      "practice.calls.cancelled": "The call with {who} on {when} is cancelled.",
      "practice.calls.cancelling": "Cancelling…", "practice.calls.failed": "The calls could not be loaded.",
      "practice.calls.loading": "Loading calls…", "practice.calls.none": "No upcoming calls.",
      "practice.calls.reschedule": "Reschedule", "practice.move.done": "The call with {who} is moved to {when}.",
      "practice.move.failed": "Free times could not be loaded.", "practice.move.keep": "Keep the current time",
      "practice.move.loading": "Loading free times…", "practice.move.move_failed": "The call could not be moved.",
      "practice.move.moving": "Moving the call…", "practice.move.none": "No free times in the next {days} days.",
      "practice.move.now": "Now: {when}. Free times below are in your time zone ({zone}).",
      "practice.move.other": "Choose another time", "practice.move.question": "Move the call to {when}?",
      "practice.move.title": "Move the call with {who}", "practice.move.yes": "Yes, move it",
    },
    es: {
      "practice.calls.keep": "No, mantenerla",
      "practice.calls.cancel": "Cancelar la llamada",
      "practice.calls.cancel_failed": "No se pudo cancelar la llamada.",
      "practice.calls.cancel_q": "¿Cancelar esta llamada?", "practice.calls.cancel_yes": "Sí, cancelar la llamada",
      "practice.calls.cancelled": "Se canceló la llamada con {who} del {when}.",
      "practice.calls.cancelling": "Cancelando…", "practice.calls.failed": "No se pudieron cargar las llamadas.",
      "practice.calls.loading": "Cargando llamadas…", "practice.calls.none": "No hay llamadas próximas.",
      "practice.calls.reschedule": "Cambiar la hora", "practice.move.done": "La llamada con {who} pasó a {when}.",
      "practice.move.failed": "No se pudieron cargar los horarios libres.",
      "practice.move.keep": "Mantener la hora actual", "practice.move.loading": "Cargando horarios libres…",
      "practice.move.move_failed": "No se pudo cambiar la llamada.",
      "practice.move.moving": "Cambiando la llamada…",
      "practice.move.none": "No hay horarios libres en los próximos {days} días.",
      "practice.move.now": "Ahora: {when}. Los horarios libres de abajo están en tu zona horaria ({zone}).",
      "practice.move.other": "Elegir otra hora", "practice.move.question": "¿Cambiar la llamada a {when}?",
      "practice.move.title": "Cambiar la hora de la llamada con {who}", "practice.move.yes": "Sí, cambiarla",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var $ = V.$, say = V.say, enc = V.enc, who = V.who, ended = V.ended, hideSection = V.hideSection,
      confirmInline = V.confirmInline;

  var DAYS_AHEAD = 30;

  function loadCalls(quiet) {
    quiet = quiet === true;
    var visit = V.page;
    if (!quiet) say("practice-calls-status", t("practice.calls.loading"));
    return P.api("GET", "/api/practice/bookings?when=upcoming").then(function (answer) {
      if (visit !== V.page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-calls"); return; }
      if (answer.status !== 200) { say("practice-calls-status", P.problem(answer, t("practice.calls.failed")), "error"); return; }
      if (!quiet) say("practice-calls-status", "");
      renderCalls((answer.data.bookings || []).filter(function (b) { return b.status !== "cancelled"; }));
    });
  }

  function renderCalls(bookings) {
    var holder = $("practice-calls-list");
    holder.textContent = "";
    bookings.sort(function (a, b) { return a.start_utc < b.start_utc ? -1 : 1; });
    if (!bookings.length) { holder.appendChild(el("p", { text: t("practice.calls.none") })); return; }
    holder.appendChild(el("ul", { class: "portal-list portal-calls" }, bookings.map(function (b) {
      var describe = "practice-call-" + String(b.id).replace(/[^A-Za-z0-9_-]/g, "");
      var actions = el("span", { class: "portal-row-actions" });
      actions.appendChild(P.button(t("practice.calls.reschedule"), function () { openReschedule(b); }, { describedBy: describe }));
      actions.appendChild(P.button(t("practice.calls.cancel"), function () {
        confirmInline(actions, t("practice.calls.cancel_q"), t("practice.calls.cancel_yes"), t("practice.calls.keep"), function (restore) {
          say("practice-calls-status", t("practice.calls.cancelling"));
          P.api("POST", "/api/practice/bookings/" + enc(b.id) + "/cancel").then(function (answer) {
            if (ended(answer)) return;
            if (answer.status === 200) {
              say("practice-calls-status", t("practice.calls.cancelled", { who: b.name || b.email, when: P.dateTime(b.start) }), "done");
              loadCalls(true);
              V.clients.load(true);
              V.activity.load(true);
              return;
            }
            restore();
            say("practice-calls-status", P.problem(answer, t("practice.calls.cancel_failed")), "error");
            if (answer.status === 409) loadCalls(true);
          });
        });
      }, { describedBy: describe, danger: true }));
      return el("li", { "data-booking-id": b.id, "data-email": b.email }, [
        el("span", { id: describe, class: "portal-call" }, [
          el("span", { class: "portal-call-time", text: P.callTime(b) }),
          el("span", { class: "portal-call-who", text: who(b) }),
        ]),
        actions,
      ]);
    })));
  }

  function openReschedule(booking) {
    var panel = $("practice-reschedule");
    panel.hidden = false;
    panel.textContent = "";
    var zone = P.browserZone();
    var heading = el("h3", { id: "practice-reschedule-title", tabindex: "-1", text: t("practice.move.title", { who: booking.name || booking.email }) });
    panel.setAttribute("aria-labelledby", "practice-reschedule-title");
    var slots = el("div", { class: "portal-slots", "aria-busy": "true" });
    var message = P.messageArea();
    var close = function () { panel.hidden = true; panel.textContent = ""; };
    panel.appendChild(el("div", { class: "portal-panel__head" }, [heading, P.button(t("practice.move.keep"), close)]));
    panel.appendChild(el("p", { text: t("practice.move.now", { when: P.callTime(booking), zone: zone.replace(/_/g, " ") }) }));
    panel.appendChild(message.node);
    panel.appendChild(slots);
    heading.focus();

    function load() {
      var now = new Date();
      var from = P.dayIn(now, zone);
      var to = P.dayIn(new Date(now.getTime() + DAYS_AHEAD * 86400000), zone);
      slots.setAttribute("aria-busy", "true");
      slots.textContent = t("practice.move.loading");
      P.api("GET", "/api/availability?from=" + from + "&to=" + to + "&tz=" + encodeURIComponent(zone)).then(function (answer) {
        slots.textContent = "";
        slots.setAttribute("aria-busy", "false");
        if (answer.status !== 200) { message.say(P.problem(answer, t("practice.move.failed")), "error"); return; }
        render(answer.data.slots || []);
      });
    }

    function render(list) {
      if (!list.length) { slots.appendChild(el("p", { text: t("practice.move.none", { days: DAYS_AHEAD }) })); return; }
      var groups = {}, order = [];
      list.forEach(function (slot) {
        var day = slot.start.slice(0, 10);
        if (!groups[day]) { groups[day] = []; order.push(day); }
        groups[day].push(slot);
      });
      order.forEach(function (day, index) {
        var id = "practice-reschedule-day-" + index;
        slots.appendChild(el("div", { class: "portal-slot-day" }, [
          el("h4", { id: id, text: P.longDay(groups[day][0].start, zone) }),
          el("div", { class: "portal-slot-list", role: "group", "aria-labelledby": id }, groups[day].map(function (slot) {
            return el("button", { type: "button", class: "md-button portal-button portal-slot", "data-start": slot.start,
              text: P.time(slot.start, zone), onclick: function () { pick(slot); } });
          })),
        ]));
      });
    }

    function pick(slot) {
      var question = el("div", { class: "portal-confirm portal-card" });
      var yes = P.button(t("practice.move.yes"), function () {
        yes.disabled = true;
        message.say(t("practice.move.moving"));
        P.api("POST", "/api/practice/bookings/" + enc(booking.id) + "/reschedule", { body: { start: slot.start } }).then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            close();
            say("practice-calls-status", t("practice.move.done", { who: booking.name || booking.email, when: P.callTime(answer.data) }), "done");
            loadCalls(true);
            V.clients.load(true);
            V.activity.load(true);
            return;
          }
          question.remove();
          message.say(P.problem(answer, t("practice.move.move_failed")), "error");
          if (answer.status === 409) load();
        });
      }, { primary: true });
      var no = P.button(t("practice.move.other"), function () { question.remove(); });
      var existing = panel.querySelector(".portal-confirm");
      if (existing) existing.remove();
      question.appendChild(el("p", { text: t("practice.move.question", { when: P.dateTime(slot.start, zone) }) }));
      question.appendChild(el("p", { class: "portal-actions" }, [yes, no]));
      panel.insertBefore(question, message.node);
      yes.focus();
    }

    load();
  }

  V.calls = { load: loadCalls };
})();
