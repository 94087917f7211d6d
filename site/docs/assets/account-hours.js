/* The account page's hours section (account.js places it): the meter of this period's hours, what is
 * included, rolled over, prepaid, used and left, approving extra hours when they are used up, this
 * period's work and past statements; durations and dates with Intl in the page's language.
 * GET /api/me/hours answers 404 until the hours ledger exists: the section is left out then.
 * Adds VaAccountHours.section(answer, catalog).
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "hours.title": "Your hours", "hours.failed": "Your hours could not be loaded.",
      "hours.this_period": "This period: {period}", "hours.meter": "Hours used this period",
      "hours.meter_text": "{used} used of {total} · {left} left", "hours.expires": "{time}, expires {date}",
      "hours.prepaid": "Prepaid", "hours.used": "Used", "hours.left": "Left", "hours.included": "Included this period",
      "hours.rolled_over": "Rolled over", "hours.extra": "Approved extra", "hours.extra_used": "{extra} ({used} used)",
      "hours.oldest_first": "Prepaid hours are used oldest block first. ", "hours.buy": "Buy more hours",
      // The id of the pricing page's "By the hour" heading, made from the heading in each language.
      "hours.buy_anchor": "by-the-hour",
      "hours.work": "This period's work", "hours.no_work": "No time logged this period yet.",
      "hours.col.date": "Date", "hours.col.service": "Service", "hours.col.description": "Description",
      "hours.col.time": "Time", "hours.col.billed": "Billed", "hours.col.surcharge": "Surcharge",
      "hours.statements": "Past statements", "hours.statement": "Statement {period} (CSV)",
      "hours.extra.label": "Extra hours to approve", "hours.extra.hint_cap": "Whole hours, up to {cap} this period.",
      "hours.extra.hint": "Whole hours.", "hours.extra.approve": "Approve extra hours",
      "hours.extra.range": "Enter a whole number of hours from 1 to {cap}.",
      "hours.extra.whole": "Enter a whole number of hours, 1 or more.", "hours.extra.approving": "Approving…",
      "hours.extra.done": "Approved {time} of extra work this period.",
      "hours.extra.failed": "The extra hours could not be approved.",
      "hours.extra.why": "This period's hours are used up. Approve extra hours, billed at your plan's overage rate, so the work can go on.",
    },
    es: {
      "hours.title": "Tus horas", "hours.failed": "No se pudieron cargar tus horas.",
      "hours.this_period": "Este periodo: {period}", "hours.meter": "Horas usadas en este periodo",
      "hours.meter_text": "{used} usadas de {total} · quedan {left}", "hours.expires": "{time}, vencen el {date}",
      "hours.prepaid": "Prepagadas", "hours.used": "Usadas", "hours.left": "Quedan", "hours.included": "Incluidas en este periodo",
      "hours.rolled_over": "Acumuladas del periodo anterior", "hours.extra": "Horas extra aprobadas",
      "hours.extra_used": "{extra} ({used} usadas)",
      "hours.oldest_first": "Las horas prepagadas se usan empezando por el bloque más antiguo. ", "hours.buy": "Comprar más horas",
      "hours.buy_anchor": "por-hora",
      "hours.work": "El trabajo de este periodo", "hours.no_work": "Todavía no hay tiempo registrado en este periodo.",
      "hours.col.date": "Fecha", "hours.col.service": "Servicio", "hours.col.description": "Descripción",
      "hours.col.time": "Tiempo", "hours.col.billed": "Facturado", "hours.col.surcharge": "Recargo",
      "hours.statements": "Estados de cuenta anteriores", "hours.statement": "Estado de cuenta {period} (CSV)",
      "hours.extra.label": "Horas extra por aprobar", "hours.extra.hint_cap": "Horas enteras, hasta {cap} en este periodo.",
      "hours.extra.hint": "Horas enteras.", "hours.extra.approve": "Aprobar horas extra",
      "hours.extra.range": "Escribe un número entero de horas del 1 al {cap}.",
      "hours.extra.whole": "Escribe un número entero de horas, 1 o más.", "hours.extra.approving": "Aprobando…",
      "hours.extra.done": "Aprobaste {time} de trabajo extra en este periodo.",
      "hours.extra.failed": "No se pudieron aprobar las horas extra.",
      "hours.extra.why": "Ya se usaron las horas de este periodo. Aprueba horas extra, que se cobran a la tarifa de excedente de tu plan, para que el trabajo siga.",
    },
  });

  var t = window.VaI18n.t;
  var P;
  var el;

  function hoursSection(answer, cat) {
    P = window.VaPortal;
    el = P.el;
    if (answer.status === 404) return null;  // no hours ledger (yet): nothing to show
    var body = el("div", { class: "portal-hours" });
    var message = P.messageArea();
    var node = P.section("account-hours", t("hours.title"), [body, message.node]);
    if (answer.status !== 200) {
      message.say(P.problem(answer, t("hours.failed")), "error");
      return node;
    }
    renderHours(body, answer.data, cat, message);
    return node;
  }

  function renderHours(body, doc, cat, message) {
    body.textContent = "";
    var used = doc.used_minutes || 0;
    var left = Math.max(doc.remaining_minutes || 0, 0);
    var total = used + left;
    if (doc.period) body.appendChild(el("p", { text: t("hours.this_period", { period: P.dateRange(doc.period.start, doc.period.end) }) }));
    if (total > 0) {
      var meter = el("meter", { id: "account-hours-meter", min: "0", max: String(total), value: String(Math.min(used, total)),
                                low: String(total * 0.75), high: String(total * 0.9), optimum: "0" });
      body.appendChild(el("div", { class: "portal-meter" }, [
        el("label", { for: "account-hours-meter", text: t("hours.meter") }),
        meter,
        el("p", { class: "portal-meter__text", "data-hours-left": String(left),
                  text: t("hours.meter_text", { used: P.duration(used), total: P.duration(total), left: P.duration(left) }) }),
      ]));
    }
    var rollover = (doc.rollover || []).filter(function (r) { return r.minutes; });
    var rolloverNode = el("span", {}, [P.duration(doc.rollover_minutes || 0)]);
    if (rollover.length) {
      rolloverNode.appendChild(el("ul", { class: "portal-compact-list" }, rollover.map(function (r) {
        return el("li", { text: t("hours.expires", { time: P.duration(r.minutes), date: P.date(r.expires_at) }) });
      })));
    }
    var prepaid = (doc.prepaid || []).filter(function (b) { return b.minutes; });
    var prepaidNode = el("span", {}, [P.duration(doc.prepaid_minutes || 0)]);
    if (prepaid.length) {
      prepaidNode.appendChild(el("ul", { class: "portal-compact-list", "data-prepaid-blocks": "" }, prepaid.map(function (b) {
        return el("li", { text: t("hours.expires", { time: P.duration(b.minutes), date: P.date(b.expires_at) }) });
      })));
    }
    var facts = doc.hourly ? [[t("hours.prepaid"), prepaidNode], [t("hours.used"), P.duration(used)],
                              [t("hours.left"), P.duration(doc.remaining_minutes || 0)]] : [
      [t("hours.included"), P.duration(doc.included_minutes || 0)],
      [t("hours.rolled_over"), rolloverNode],
      [t("hours.prepaid"), prepaidNode],
      [t("hours.used"), P.duration(used)],
      [t("hours.left"), P.duration(doc.remaining_minutes || 0)],
      [t("hours.extra"), doc.approved_extra_minutes
        ? t("hours.extra_used", { extra: P.duration(doc.approved_extra_minutes), used: P.duration(doc.extra_used_minutes || 0) })
        : P.duration(0)],
    ];
    body.appendChild(P.facts(facts, "portal-facts--hours"));
    if (doc.hourly) {
      body.appendChild(el("p", {}, [t("hours.oldest_first"),
        el("a", { href: P.pageUrl("/pricing/#" + t("hours.buy_anchor")), class: "portal-link", text: t("hours.buy") })]));
    }

    if (doc.can_approve_extra) body.appendChild(approveExtra(body, doc, cat, message));

    body.appendChild(el("h3", { text: t("hours.work") }));
    var entries = doc.entries || [];
    if (!entries.length) body.appendChild(el("p", { text: t("hours.no_work") }));
    else body.appendChild(P.table(t("hours.work"), [
      { title: t("hours.col.date"), nowrap: true, cell: function (e) { return P.date(e.date); } },
      { title: t("hours.col.service"), cell: function (e) { return P.serviceName(cat.services, e.service); } },
      { title: t("hours.col.description"), cell: function (e) { return e.description || ""; } },
      { title: t("hours.col.time"), numeric: true, cell: function (e) { return P.duration(e.minutes); } },
      { title: t("hours.col.billed"), numeric: true, cell: function (e) { return P.duration(e.billed_minutes); } },
      { title: t("hours.col.surcharge"), cell: function (e) { return P.label("surcharge", e.surcharge, "—"); } },
    ], entries, { rowId: function (e) { return e.id; }, hideCaption: true }));

    var statements = doc.statements || [];
    if (statements.length) {
      body.appendChild(el("h3", { text: t("hours.statements") }));
      body.appendChild(el("ul", { class: "portal-list" }, statements.map(function (s) {
        return el("li", {}, [el("a", { href: s.url, class: "portal-link", download: "",
          text: t("hours.statement", { period: P.dateRange(s.period_start, s.period_end) }) })]);
      })));
    }
  }

  function approveExtra(body, doc, cat, message) {
    var capHours = doc.approval_cap_minutes ? Math.floor(doc.approval_cap_minutes / 60) : null;
    var input = el("input", { type: "number", min: "1", step: "1", max: capHours ? String(capHours) : null,
                              inputmode: "numeric", required: true, autocomplete: "off" });
    var hours = P.field("account-extra-hours", t("hours.extra.label"), input,
      capHours ? t("hours.extra.hint_cap", { cap: P.number(capHours) }) : t("hours.extra.hint"));
    var go = P.button(t("hours.extra.approve"), null, { type: "submit", primary: true });
    var form = el("form", { class: "portal-form portal-form--inline", novalidate: true }, [hours.node, el("p", {}, [go])]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = Number(input.value);
      if (!input.value || !Number.isInteger(value) || value < 1 || (capHours && value > capHours)) {
        hours.error(capHours ? t("hours.extra.range", { cap: P.number(capHours) }) : t("hours.extra.whole"));
        input.focus();
        return;
      }
      hours.error("");
      go.disabled = true;
      message.say(t("hours.extra.approving"));
      P.api("POST", "/api/me/extra-hours", { body: { hours: value } }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 200) {
          renderHours(body, answer.data, cat, message);
          message.say(t("hours.extra.done", { time: P.duration(value * 60) }), "done");
          return;
        }
        message.say(P.problem(answer, t("hours.extra.failed")), "error");
      });
    });
    return el("div", { class: "portal-subsection" }, [
      el("h3", { text: t("hours.extra.approve") }),
      el("p", { text: t("hours.extra.why") }),
      form,
    ]);
  }

  window.VaAccountHours = { section: hoursSection };
})();
