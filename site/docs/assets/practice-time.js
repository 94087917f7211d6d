/* The practice view's hours ledger forms: log time for a client (one Idempotency-Key per form fill)
 * and import a time tracker's CSV (a dry run first, then the import of that same file).
 * Adds VaPractice.time: wireLog(), wireImport(), fillServices().
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.import.checking": "Checking the file…", "practice.import.did": "Imported {entries}",
      "practice.import.did_count": "Imported: {n}", "practice.import.failed": "The file could not be imported.",
      "practice.import.importing": "Importing…", "practice.import.no_file": "Choose a CSV file first.",
      "practice.import.reason": "Reason", "practice.import.row": "Row", "practice.import.sentence": "{summary}.",
      "practice.import.skipped": "{summary}; {rows} skipped.", "practice.import.skipped_rows": "Skipped rows",
      "practice.import.unreadable": "The file could not be read. Is it a CSV file?",
      "practice.import.would": "Dry run: {entries} would be imported",
      "practice.import.would_count": "Would import: {n}", "practice.log.client_missing": "Choose a client.",
      "practice.log.correct": "Please correct the highlighted fields.",
      "practice.log.description_missing": "Describe the work in a few words.",
      "practice.log.done": "Logged {time} for {who} on {date}.",
      "practice.log.failed": "The time could not be logged.", "practice.log.saving": "Saving…",
      "practice.log.service_missing": "Choose a service.", "practice.n.entries.one": "{n} entry",
      "practice.n.entries.other": "{n} entries", "practice.n.rows.one": "{n} row",
      "practice.n.rows.other": "{n} rows",
    },
    es: {
      "practice.import.checking": "Revisando el archivo…", "practice.import.did": "Se importaron {entries}",
      "practice.import.did_count": "Importados: {n}", "practice.import.failed": "No se pudo importar el archivo.",
      "practice.import.importing": "Importando…", "practice.import.no_file": "Primero elige un archivo CSV.",
      "practice.import.reason": "Motivo", "practice.import.row": "Fila", "practice.import.sentence": "{summary}.",
      "practice.import.skipped": "{summary}; se omitieron {rows}.",
      "practice.import.skipped_rows": "Filas omitidas",
      "practice.import.unreadable": "No se pudo leer el archivo. ¿Es un archivo CSV?",
      "practice.import.would": "Prueba: se importarían {entries}",
      "practice.import.would_count": "Se importarían: {n}", "practice.log.client_missing": "Elige un cliente.",
      "practice.log.correct": "Corrige los campos marcados.",
      "practice.log.description_missing": "Describe el trabajo en pocas palabras.",
      "practice.log.done": "Se registraron {time} para {who} el {date}.",
      "practice.log.failed": "No se pudo registrar el tiempo.", "practice.log.saving": "Guardando…",
      "practice.log.service_missing": "Elige un servicio.", "practice.n.entries.one": "{n} registro",
      "practice.n.entries.other": "{n} registros", "practice.n.rows.one": "{n} fila",
      "practice.n.rows.other": "{n} filas",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var $ = V.$, say = V.say, ended = V.ended, hideSection = V.hideSection,
      showFieldErrors = V.showFieldErrors, serviceOptions = V.serviceOptions, LEDGER_PATH = V.LEDGER_PATH;

  function wireLogForm() {
    var form = $("practice-log-form");
    var fields = {};
    [["client_email", "practice-log-client"], ["date", "practice-log-date"], ["minutes", "practice-log-minutes"],
     ["service", "practice-log-service"], ["description", "practice-log-description"]].forEach(function (pair) {
      var control = $(pair[1]);
      var error = $(pair[1] + "-error");
      fields[pair[0]] = { control: control, error: function (text) {
        error.textContent = text || "";
        error.hidden = !text;
        if (text) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
      } };
    });
    var surchargeError = $("practice-log-surcharge-error");
    fields.surcharge = { control: form.querySelector('input[name="surcharge"]'), error: function (text) {
      surchargeError.textContent = text || ""; surchargeError.hidden = !text;
    } };
    var key = P.newKey();
    fields.date.control.value = P.today();
    // One key per form fill: a retry of the same entry is recognised; any change is a new entry.
    form.addEventListener("input", function () { key = P.newKey(); });
    form.addEventListener("change", function () { key = P.newKey(); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button.disabled) return;
      Object.keys(fields).forEach(function (name) { fields[name].error(""); });
      var minutes = P.parseDuration(fields.minutes.control.value);
      var problems = [];
      if (!fields.client_email.control.value) problems.push(["client_email", t("practice.log.client_missing")]);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.date.control.value)) problems.push(["date", t("practice.date_missing")]);
      if (!minutes || minutes > 1440) problems.push(["minutes", t("practice.duration_invalid")]);
      if (!fields.service.control.value) problems.push(["service", t("practice.log.service_missing")]);
      if (!fields.description.control.value.trim()) problems.push(["description", t("practice.log.description_missing")]);
      if (problems.length) {
        problems.forEach(function (p) { fields[p[0]].error(p[1]); });
        fields[problems[0][0]].control.focus();
        say("practice-log-status", t("practice.log.correct"), "error");
        return;
      }
      var surcharge = (form.querySelector('input[name="surcharge"]:checked') || {}).value || "";
      var body = { client_email: fields.client_email.control.value, date: fields.date.control.value, minutes: minutes,
                   service: fields.service.control.value, description: fields.description.control.value.trim() };
      if (surcharge) body.surcharge = surcharge;
      button.disabled = true;
      say("practice-log-status", t("practice.log.saving"));
      P.api("POST", LEDGER_PATH, { body: body, headers: { "Idempotency-Key": key } }).then(function (answer) {
        button.disabled = false;
        if (ended(answer)) return;
        if (P.missingEndpoint(answer)) { hideSection("practice-log"); hideSection("practice-import"); return; }
        if (answer.status === 201 || answer.status === 200) {
          var client = (V.page.clients || []).filter(function (c) { return c.email === body.client_email; })[0];
          say("practice-log-status", t("practice.log.done", { time: P.duration(minutes),
            who: client ? client.name || client.email : body.client_email, date: P.date(body.date) }), "done");
          fields.minutes.control.value = "";
          fields.description.control.value = "";
          key = P.newKey();
          if (V.page.openClient === body.client_email) V.clients.open(body.client_email);
          return;
        }
        if (answer.status === 422) showFieldErrors(answer, fields);
        say("practice-log-status", P.problem(answer, t("practice.log.failed")), "error");
      });
    });
  }

  function fillServiceSelect() {
    var select = $("practice-log-service");
    while (select.options.length > 1) select.remove(1);
    serviceOptions(null).forEach(function (option) { select.appendChild(option); });
  }

  function wireImport() {
    var form = $("practice-import-form");
    var file = $("practice-import-file");
    var format = $("practice-import-format");
    var go = $("practice-import-go");
    var result = $("practice-import-result");
    var tried = null;  // the file and format the last successful dry run was for

    function identity() {
      var f = file.files && file.files[0];
      return f ? [f.name, f.size, f.lastModified, format.value].join("|") : null;
    }
    function reset() { tried = null; go.disabled = true; result.textContent = ""; say("practice-import-status", ""); }
    file.addEventListener("change", reset);
    format.addEventListener("change", reset);

    function run(dryRun) {
      var chosen = file.files && file.files[0];
      if (!chosen) { say("practice-import-status", t("practice.import.no_file"), "error"); file.focus(); return; }
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      say("practice-import-status", t(dryRun ? "practice.import.checking" : "practice.import.importing"));
      var done = function () {
        $("practice-import-dry-run").disabled = false;
        go.disabled = tried !== identity();
      };
      var id = identity();
      chosen.text().then(function (text) {
        return P.api("POST", LEDGER_PATH + "/import?format=" + encodeURIComponent(format.value) + "&dry_run=" + (dryRun ? "true" : "false"),
                     { text: text, contentType: "text/csv" });
      }, function () {
        return { status: -1, data: { message: t("practice.import.unreadable") } };
      }).then(function (answer) {
        if (answer.status === -1) { done(); say("practice-import-status", answer.data.message, "error"); return; }
        if (ended(answer)) return;
        if (P.missingEndpoint(answer)) { hideSection("practice-import"); return; }
        if (answer.status !== 200) { done(); say("practice-import-status", P.problem(answer, t("practice.import.failed")), "error"); return; }
        var d = answer.data;
        var count = dryRun ? (d.would_import !== undefined ? d.would_import : d.imported) : d.imported;
        var skipped = d.skipped || [];
        tried = dryRun ? id : null;  // a real import needs a new dry run before another
        done();
        var entries = P.count(count || 0, "practice.n.entries");
        var summary = t(dryRun ? "practice.import.would" : "practice.import.did", { entries: entries });
        say("practice-import-status", skipped.length
          ? t("practice.import.skipped", { summary: summary, rows: P.count(skipped.length, "practice.n.rows") })
          : t("practice.import.sentence", { summary: summary }), "done");
        renderImport(result, dryRun, count || 0, skipped);
        if (!dryRun && V.page.openClient) V.clients.open(V.page.openClient);
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    go.addEventListener("click", function () { if (tried && tried === identity()) run(false); });
  }

  function renderImport(result, dryRun, count, skipped) {
    result.textContent = "";
    result.appendChild(el("p", { class: "portal-import-count", "data-count": String(count),
      text: t(dryRun ? "practice.import.would_count" : "practice.import.did_count", { n: P.number(count) }) }));
    if (skipped.length) {
      result.appendChild(P.table(t("practice.import.skipped_rows"), [
        { title: t("practice.import.row"), numeric: true, cell: function (s) { return P.number(s.row); } },
        { title: t("practice.import.reason"), cell: function (s) { return s.reason; } },
      ], skipped));
    }
  }

  V.time = { wireLog: wireLogForm, wireImport: wireImport, fillServices: fillServiceSelect };
})();
