/* A client's hours in the practice view's detail panel: the period's summary, the time entries with
 * editing and deleting (PATCH/DELETE /api/practice/time-entries/{id}), and the names a time tracker
 * uses for the client (for imports). Adds VaPractice.clientHours: summary, entries, trackerNames.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.entries.keep": "No, keep it",
      "practice.col.actions": "Actions", "practice.col.billed": "Billed", "practice.col.surcharge": "Surcharge",
      "practice.col.time": "Time", "practice.entries": "Time entries",
      "practice.entries.cancel_edit": "Cancel editing", "practice.entries.delete": "Delete",
      "practice.entries.delete_failed": "The entry could not be deleted.",
      "practice.entries.delete_q": "Delete this entry?", "practice.entries.delete_yes": "Yes, delete it",
      "practice.entries.deleted": "Entry deleted.", "practice.entries.duration": "Duration",
      "practice.entries.duration_hint": "Minutes (90), hours and minutes (1:30) or 1h30.",
      "practice.entries.edit": "Edit", "practice.entries.editing": "Edit the entry of {date}",
      "practice.entries.gone": "That entry was already deleted.", "practice.entries.no_surcharge": "None",
      "practice.entries.none": "No time logged this period.", "practice.entries.save": "Save changes",
      "practice.entries.save_failed": "The entry could not be saved.", "practice.entries.saved": "Entry saved.",
      "practice.entries.unchanged": "Nothing changed.", "practice.hours.extra": "Approved extra",
      "practice.hours.extra_used": "{extra} ({used} used)", "practice.hours.included": "Included",
      "practice.hours.left": "Left", "practice.hours.period": "Period", "practice.hours.prepaid": "Prepaid",
      "practice.hours.rolled_over": "Rolled over", "practice.hours.used": "Used",
      "practice.tracker.failed": "The names could not be saved.",
      "practice.tracker.hint": "One per line: the client or project names your tracker exports for this client. Imports match on them.",
      "practice.tracker.label": "Names in your time tracker", "practice.tracker.save": "Save tracker names",
      "practice.tracker.saved": "Tracker names saved.", "practice.tracker.title": "Time-tracker names",
    },
    es: {
      "practice.entries.keep": "No, conservarlo",
      "practice.col.actions": "Acciones", "practice.col.billed": "Facturado", "practice.col.surcharge": "Recargo",
      "practice.col.time": "Tiempo", "practice.entries": "Registros de tiempo",
      "practice.entries.cancel_edit": "Cancelar la edición", "practice.entries.delete": "Eliminar",
      "practice.entries.delete_failed": "No se pudo eliminar el registro.",
      "practice.entries.delete_q": "¿Eliminar este registro?", "practice.entries.delete_yes": "Sí, eliminarlo",
      "practice.entries.deleted": "Registro eliminado.", "practice.entries.duration": "Duración",
      "practice.entries.duration_hint": "Minutos (90), horas y minutos (1:30) o 1h30.",
      "practice.entries.edit": "Editar", "practice.entries.editing": "Editar el registro del {date}",
      "practice.entries.gone": "Ese registro ya estaba eliminado.", "practice.entries.no_surcharge": "Ninguno",
      "practice.entries.none": "No hay tiempo registrado en este periodo.",
      "practice.entries.save": "Guardar cambios", "practice.entries.save_failed": "No se pudo guardar el registro.",
      "practice.entries.saved": "Registro guardado.", "practice.entries.unchanged": "No cambió nada.",
      "practice.hours.extra": "Extra aprobadas", "practice.hours.extra_used": "{extra} ({used} usadas)",
      "practice.hours.included": "Incluidas", "practice.hours.left": "Quedan", "practice.hours.period": "Periodo",
      "practice.hours.prepaid": "Prepagadas", "practice.hours.rolled_over": "Acumuladas",
      "practice.hours.used": "Usadas", "practice.tracker.failed": "No se pudieron guardar los nombres.",
      "practice.tracker.hint": "Uno por línea: los nombres de cliente o de proyecto que tu herramienta exporta para este cliente. Las importaciones se guían por ellos.",
      "practice.tracker.label": "Nombres en tu herramienta de registro de tiempo",
      "practice.tracker.save": "Guardar los nombres", "practice.tracker.saved": "Nombres guardados.",
      "practice.tracker.title": "Nombres en el registro de tiempo",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var enc = V.enc, ended = V.ended, confirmInline = V.confirmInline, showFieldErrors = V.showFieldErrors,
      serviceOptions = V.serviceOptions, LEDGER_PATH = V.LEDGER_PATH;

  function hoursSummary(doc) {
    return P.facts([
      [t("practice.hours.period"), doc.period ? P.dateRange(doc.period.start, doc.period.end) : ""],
      [t("practice.hours.included"), P.duration(doc.included_minutes || 0)],
      [t("practice.hours.rolled_over"), P.duration(doc.rollover_minutes || 0)],
      [t("practice.hours.prepaid"), P.duration(doc.prepaid_minutes || 0)],
      [t("practice.hours.used"), P.duration(doc.used_minutes || 0)],
      [t("practice.hours.left"), P.duration(doc.remaining_minutes || 0)],
      [t("practice.hours.extra"), t("practice.hours.extra_used", {
        extra: P.duration(doc.approved_extra_minutes || 0), used: P.duration(doc.extra_used_minutes || 0) })],
    ], "portal-facts--hours");
  }

  function entriesTable(email, entries, message) {
    var holder = el("div", { class: "portal-entries" });
    if (!entries.length) { holder.appendChild(el("p", { text: t("practice.entries.none") })); return holder; }
    var editor = el("div", { class: "portal-editor" });
    holder.appendChild(P.table(t("practice.entries"), [
      { title: t("portal.col.date"), nowrap: true, cell: function (e) { return P.date(e.date); } },
      { title: t("practice.col.service"), cell: function (e) { return P.serviceName(V.page.catalog.services, e.service); } },
      { title: t("practice.col.description"), cell: function (e) { return e.description || ""; } },
      { title: t("practice.col.time"), numeric: true, cell: function (e) { return P.duration(e.minutes); } },
      { title: t("practice.col.billed"), numeric: true, cell: function (e) { return P.duration(e.billed_minutes); } },
      { title: t("practice.col.surcharge"), cell: function (e) { return P.label("surcharge", e.surcharge, "—"); } },
      { title: t("practice.col.actions"), cell: function (e) {
        var actions = el("span", { class: "portal-row-actions" });
        actions.appendChild(P.button(t("practice.entries.edit"), function () { editEntry(editor, email, e, message); }));
        actions.appendChild(P.button(t("practice.entries.delete"), function () {
          confirmInline(actions, t("practice.entries.delete_q"), t("practice.entries.delete_yes"), t("practice.entries.keep"), function (restore) {
            P.api("DELETE", LEDGER_PATH + "/" + enc(e.id)).then(function (answer) {
              if (ended(answer)) return;
              if (answer.status === 204 || answer.status === 200 || answer.status === 404) {
                V.clients.open(email).then(function () {
                  var area = document.querySelector("#practice-client-detail .portal-message");
                  window.VaDom.say(area, t(answer.status === 404 ? "practice.entries.gone" : "practice.entries.deleted"), "done");
                });
                return;
              }
              restore();
              message.say(P.problem(answer, t("practice.entries.delete_failed")), "error");
            });
          });
        }, { danger: true }));
        return actions;
      } },
    ], entries, { rowId: function (e) { return e.id; }, hideCaption: true }));
    holder.appendChild(editor);
    return holder;
  }

  function editEntry(editor, email, entry, message) {
    editor.textContent = "";
    var id = "practice-edit-" + String(entry.id).replace(/[^A-Za-z0-9_-]/g, "");
    var date = P.field(id + "-date", t("portal.col.date"), el("input", { type: "date", required: true, value: entry.date }));
    var minutes = P.field(id + "-minutes", t("practice.entries.duration"), el("input", { type: "text", required: true, maxlength: "12",
      autocomplete: "off", value: String(entry.minutes) }), t("practice.entries.duration_hint"));
    var service = P.field(id + "-service", t("practice.col.service"), el("select", { required: true }, serviceOptions(entry.service)));
    var description = P.field(id + "-description", t("practice.col.description"), el("textarea", { rows: "2", maxlength: "1000" }));
    description.control.value = entry.description || "";
    var surcharge = P.field(id + "-surcharge", t("practice.col.surcharge"), el("select", {}, [
      el("option", { value: "", text: t("practice.entries.no_surcharge"), selected: !entry.surcharge }),
      el("option", { value: "rush", text: P.label("surcharge", "rush"), selected: entry.surcharge === "rush" }),
      el("option", { value: "evenings_weekends", text: P.label("surcharge", "evenings_weekends"),
                     selected: entry.surcharge === "evenings_weekends" }),
    ]));
    var save = P.button(t("practice.entries.save"), null, { type: "submit", primary: true });
    var form = el("form", { class: "portal-form portal-card", novalidate: true }, [
      el("fieldset", { class: "portal-fieldset" }, [
        el("legend", { text: t("practice.entries.editing", { date: P.date(entry.date) }) }),
        date.node, minutes.node, service.node, description.node, surcharge.node,
        el("p", { class: "portal-actions" }, [save, P.button(t("practice.entries.cancel_edit"), function () { editor.textContent = ""; })]),
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var parsed = P.parseDuration(minutes.control.value);
      minutes.error(parsed && parsed > 0 && parsed <= 1440 ? "" : t("practice.duration_invalid"));
      date.error(date.control.value ? "" : t("practice.date_missing"));
      if (!parsed || parsed > 1440 || !date.control.value) return;
      var changes = {};
      if (date.control.value !== entry.date) changes.date = date.control.value;
      if (parsed !== entry.minutes) changes.minutes = parsed;
      if (service.control.value !== entry.service) changes.service = service.control.value;
      if (description.control.value.trim() !== (entry.description || "")) changes.description = description.control.value.trim();
      if ((surcharge.control.value || null) !== (entry.surcharge || null)) changes.surcharge = surcharge.control.value || null;
      if (!Object.keys(changes).length) { editor.textContent = ""; message.say(t("practice.entries.unchanged")); return; }
      save.disabled = true;
      P.api("PATCH", LEDGER_PATH + "/" + enc(entry.id), { body: changes }).then(function (answer) {
        save.disabled = false;
        if (ended(answer)) return;
        if (answer.status === 200) {
          V.clients.open(email).then(function () {
            var area = document.querySelector("#practice-client-detail .portal-message");
            window.VaDom.say(area, t("practice.entries.saved"), "done");
          });
          return;
        }
        if (answer.status === 422) showFieldErrors(answer, { date: date, minutes: minutes, service: service,
                                                             description: description, surcharge: surcharge });
        message.say(P.problem(answer, t("practice.entries.save_failed")), "error");
      });
    });
    editor.appendChild(form);
    date.control.focus();
  }

  /* The names a time tracker uses for this client (for imports). */
  function trackerNames(email) {
    var box = el("div", { class: "portal-subsection" });
    var path = "/api/practice/clients/" + enc(email) + "/tracker-names";
    var id = "practice-tracker-names";
    var names = P.field(id, t("practice.tracker.label"), el("textarea", { rows: "3", maxlength: "2000" }),
      t("practice.tracker.hint"));
    var save = P.button(t("practice.tracker.save"), null, { type: "submit" });
    var message = P.messageArea();
    var form = el("form", { class: "portal-form", novalidate: true }, [names.node, el("p", {}, [save]), message.node]);
    box.appendChild(el("h4", { text: t("practice.tracker.title") }));
    box.appendChild(form);
    box.hidden = true;
    P.api("GET", path).then(function (answer) {
      if (answer.status !== 200) return;  // not there (yet): stays hidden
      names.control.value = (answer.data.names || []).join("\n");
      box.hidden = false;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var list = names.control.value.split("\n").map(function (n) { return n.trim(); }).filter(Boolean);
      save.disabled = true;
      P.api("PUT", path, { body: { names: list } }).then(function (answer) {
        save.disabled = false;
        if (ended(answer)) return;
        if (answer.status === 200 || answer.status === 204) message.say(t("practice.tracker.saved"), "done");
        else message.say(P.problem(answer, t("practice.tracker.failed")), "error");
      });
    });
    return box;
  }

  V.clientHours = { summary: hoursSummary, entries: entriesTable, trackerNames: trackerNames };
})();
