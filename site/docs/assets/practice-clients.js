/* The practice view's clients: the list with its filters (status, a search), and a client's detail
 * panel (facts, calls, questionnaires, invoices, hours from practice-client-hours.js) with erasure.
 * Adds VaPractice.clients: load(quiet), wire(), open(email), close().
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.answers": "Answers", "practice.client.calls": "Calls", "practice.client.confirmed": "Confirmed",
      "practice.client.failed": "This client could not be loaded",
      "practice.client.gone": "This client no longer exists.", "practice.client.hours": "Hours",
      "practice.client.intakes": "Questionnaires", "practice.client.invoices": "Invoices",
      "practice.client.invoices_of": "Invoices of {name}", "practice.client.loading": "Loading {email}…",
      "practice.client.no_calls": "No calls.", "practice.client.no_intakes": "No questionnaire yet.",
      "practice.client.no_invoices": "No invoices.",
      "practice.client.no_ledger": "No hours ledger for this client (no retainer or prepaid hours).",
      "practice.client.not_found": "Client not found", "practice.clients": "Clients",
      "practice.clients.count.one": "{n} client.", "practice.clients.count.other": "{n} clients.",
      "practice.clients.failed": "The clients could not be loaded.", "practice.clients.loading": "Loading clients…",
      "practice.clients.matching.one": "{n} client matches the filters.",
      "practice.clients.matching.other": "{n} clients match the filters.",
      "practice.clients.none": "No clients yet.",
      "practice.clients.none_matching": "No client matches these filters.", "practice.col.client": "Client",
      "practice.col.last_contact": "Last contact", "practice.col.new_intakes": "New intakes",
      "practice.col.next_call": "Next call", "practice.col.period_ends": "Period ends", "practice.col.plan": "Plan",
      "practice.erase": "Erase this client", "practice.erase.confirm": "Type the client's email to confirm",
      "practice.erase.done": "Erased {email}: {bookings} and {intakes} deleted, {invoices} kept.",
      "practice.erase.erasing": "Erasing…", "practice.erase.exactly": "Type {email} exactly to confirm.",
      "practice.erase.failed": "The client could not be erased.",
      "practice.erase.hint": "Erasing deletes this client's bookings, questionnaires and hours for good. Invoices are kept for the accounts.",
      "practice.n.bookings.one": "{n} booking", "practice.n.bookings.other": "{n} bookings",
      "practice.n.intakes.one": "{n} questionnaire", "practice.n.intakes.other": "{n} questionnaires",
      "practice.n.invoices.one": "{n} invoice", "practice.n.invoices.other": "{n} invoices", "practice.new": "New",
      "practice.reviewed": "Reviewed",
    },
    es: {
      "practice.answers": "Respuestas", "practice.client.calls": "Llamadas",
      "practice.client.confirmed": "Confirmada", "practice.client.failed": "No se pudo cargar este cliente",
      "practice.client.gone": "Este cliente ya no existe.", "practice.client.hours": "Horas",
      "practice.client.intakes": "Cuestionarios", "practice.client.invoices": "Facturas",
      "practice.client.invoices_of": "Facturas de {name}", "practice.client.loading": "Cargando {email}…",
      "practice.client.no_calls": "No hay llamadas.", "practice.client.no_intakes": "Todavía no hay cuestionario.",
      "practice.client.no_invoices": "No hay facturas.",
      "practice.client.no_ledger": "Este cliente no tiene registro de horas (ni plan mensual ni horas prepagadas).",
      "practice.client.not_found": "Cliente no encontrado", "practice.clients": "Clientes",
      "practice.clients.count.one": "{n} cliente.", "practice.clients.count.other": "{n} clientes.",
      "practice.clients.failed": "No se pudieron cargar los clientes.",
      "practice.clients.loading": "Cargando clientes…",
      "practice.clients.matching.one": "{n} cliente coincide con los filtros.",
      "practice.clients.matching.other": "{n} clientes coinciden con los filtros.",
      "practice.clients.none": "Todavía no hay clientes.",
      "practice.clients.none_matching": "Ningún cliente coincide con estos filtros.",
      "practice.col.client": "Cliente", "practice.col.last_contact": "Último contacto",
      "practice.col.new_intakes": "Cuestionarios nuevos", "practice.col.next_call": "Próxima llamada",
      "practice.col.period_ends": "Fin del periodo", "practice.col.plan": "Plan",
      "practice.erase": "Borrar este cliente",
      "practice.erase.confirm": "Escribe el correo del cliente para confirmar",
      "practice.erase.done": "Se borró a {email}: se eliminaron {bookings} y {intakes}; se conservaron {invoices}.",
      "practice.erase.erasing": "Borrando…", "practice.erase.exactly": "Escribe {email} tal cual para confirmar.",
      "practice.erase.failed": "No se pudo borrar al cliente.",
      "practice.erase.hint": "Borrar elimina para siempre las reservas, los cuestionarios y las horas de este cliente. Las facturas se conservan para la contabilidad.",
      "practice.n.bookings.one": "{n} reserva", "practice.n.bookings.other": "{n} reservas",
      "practice.n.intakes.one": "{n} cuestionario", "practice.n.intakes.other": "{n} cuestionarios",
      "practice.n.invoices.one": "{n} factura", "practice.n.invoices.other": "{n} facturas",
      "practice.new": "Nuevo", "practice.reviewed": "Revisado",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice;  // practice-common.js: the visit's state and the shared helpers
  var $ = V.$, say = V.say, enc = V.enc, ended = V.ended, hideSection = V.hideSection;

  function clientFilters() {
    var status = $("practice-client-status").value;
    var q = $("practice-client-q").value.trim();
    var params = new URLSearchParams();
    if (status) params.set("status", status);
    if (q) params.set("q", q);
    return params.toString();
  }

  /* quiet: after an action, keep the action's message in the section's live region. */
  function loadClients(quiet) {
    quiet = quiet === true;
    var filters = clientFilters();
    var visit = V.page;
    if (!quiet) say("practice-clients-status", t("practice.clients.loading"));
    return P.api("GET", "/api/practice/clients" + (filters ? "?" + filters : "")).then(function (answer) {
      if (visit !== V.page || filters !== clientFilters()) return;  // another page, or newer filters since
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-clients"); return; }
      if (answer.status !== 200) { say("practice-clients-status", P.problem(answer, t("practice.clients.failed")), "error"); return; }
      var clients = answer.data.clients || [];
      if (!filters) { V.page.clients = clients; fillClientSelect(); }
      renderClients(clients, !!filters, quiet);
    });
  }

  function renderClients(clients, filtered, quiet) {
    var holder = $("practice-clients-list");
    holder.textContent = "";
    if (!quiet) say("practice-clients-status", P.count(clients.length, filtered ? "practice.clients.matching" : "practice.clients.count"));
    if (!clients.length) {
      holder.appendChild(el("p", { text: t(filtered ? "practice.clients.none_matching" : "practice.clients.none") }));
      return;
    }
    holder.appendChild(P.table(t("practice.clients"), [
      { title: t("practice.col.client"), cell: function (c) {
        return P.button(c.name || c.email, function () { openClient(c.email); }, {
          class: "portal-button--link", describedBy: null });
      } },
      { title: t("practice.col.email"), cell: function (c) { return c.email; } },
      { title: t("practice.col.company"), cell: function (c) { return c.company || ""; } },
      { title: t("practice.col.plan"), cell: function (c) { return c.tier_name || c.tier || "—"; } },
      { title: t("portal.col.status"), cell: function (c) { return P.label("retainer", c.status, t("status.retainer.none")); } },
      { title: t("practice.col.period_ends"), nowrap: true, cell: function (c) { return P.date(c.current_period_end); } },
      { title: t("practice.col.next_call"), nowrap: true, cell: function (c) { return c.next_call ? P.dateTime(c.next_call) : ""; } },
      { title: t("practice.col.last_contact"), nowrap: true, cell: function (c) { return P.date(c.last_contact); } },
      { title: t("practice.col.new_intakes"), numeric: true, cell: function (c) { return c.new_intakes ? P.number(c.new_intakes) : ""; } },
    ], clients, { rowId: function (c) { return c.email; }, hideCaption: true }));
  }

  function fillClientSelect() {
    var select = $("practice-log-client");
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    V.page.clients.slice().sort(function (a, b) { return (a.name || a.email).localeCompare(b.name || b.email); })
      .forEach(function (c) {
        select.appendChild(el("option", { value: c.email, text: c.name ? c.name + " — " + c.email : c.email }));
      });
    select.value = chosen;
  }

  function wireClientFilters() {
    var form = $("practice-client-filter");
    var timer = null;
    form.addEventListener("submit", function (event) { event.preventDefault(); loadClients(); });
    $("practice-client-status").addEventListener("change", function () { loadClients(); });
    $("practice-client-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { loadClients(); }, 300);
    });
  }

  function openClient(email) {
    var panel = $("practice-client-detail");
    panel.hidden = false;
    panel.setAttribute("data-client", email);
    P.state(panel, "loading", { text: t("practice.client.loading", { email: email }) });
    V.page.openClient = email;
    return P.api("GET", "/api/practice/clients/" + enc(email)).then(function (answer) {
      if (V.page.openClient !== email) return;
      if (ended(answer)) return;
      if (answer.status === 404) {
        P.state(panel, "error", { title: t("practice.client.not_found"), text: t("practice.client.gone"), focus: true });
        panel.appendChild(P.button(t("portal.close"), closeClient));
        return;
      }
      if (answer.status !== 200) {
        P.state(panel, "error", { title: t("practice.client.failed"), text: P.problem(answer),
                                  retry: function () { openClient(email); }, focus: true });
        return;
      }
      renderClient(panel, answer.data);
    });
  }

  function closeClient() {
    var panel = $("practice-client-detail");
    var email = V.page.openClient;
    V.page.openClient = null;
    panel.hidden = true;
    panel.textContent = "";
    var row = email && document.querySelector('#practice-clients-list tr[data-id="' + CSS.escape(email) + '"] button');
    if (row) row.focus();
  }

  function renderClient(panel, detail) {
    var client = detail.client || {};
    var email = client.email;
    var cat = V.page.catalog;
    panel.textContent = "";
    panel.setAttribute("aria-busy", "false");
    var heading = el("h3", { id: "practice-client-title", tabindex: "-1", text: client.name || email });
    panel.setAttribute("aria-labelledby", "practice-client-title");
    panel.appendChild(el("div", { class: "portal-panel__head" }, [heading, P.button(t("portal.close"), closeClient)]));
    var message = P.messageArea();
    panel.appendChild(message.node);
    panel.appendChild(P.facts([
      [t("practice.col.email"), email], [t("practice.col.company"), client.company || ""],
      [t("practice.col.plan"), client.tier_name || client.tier || t("status.retainer.none")],
      [t("portal.col.status"), P.label("retainer", client.status, t("status.retainer.none"))],
      [t("practice.col.period_ends"), P.date(client.current_period_end)],
      [t("practice.col.next_call"), client.next_call ? P.dateTime(client.next_call) : ""],
      [t("practice.col.last_contact"), P.date(client.last_contact)],
    ]));

    panel.appendChild(el("h4", { text: t("practice.client.calls") }));
    var bookings = (detail.bookings || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? 1 : -1; });
    if (!bookings.length) panel.appendChild(el("p", { text: t("practice.client.no_calls") }));
    else panel.appendChild(el("ul", { class: "portal-list" }, bookings.map(function (b) {
      return el("li", { "data-booking-id": b.id }, [
        el("span", { class: "portal-call-time", text: P.callTime(b) }),
        el("span", { class: "portal-badge", "data-status": b.status === "cancelled" ? "canceled" : "active",
                     text: t(b.status === "cancelled" ? "portal.cancelled" : "practice.client.confirmed") }),
      ]);
    })));

    panel.appendChild(el("h4", { text: t("practice.client.intakes") }));
    var intakes = detail.intakes || [];
    if (!intakes.length) panel.appendChild(el("p", { text: t("practice.client.no_intakes") }));
    intakes.forEach(function (intake) {
      panel.appendChild(el("div", { class: "portal-card", "data-intake-id": intake.id }, [
        P.facts([
          [t("practice.sent"), P.date(intake.created_at)],
          [t("portal.col.status"), t(intake.status === "reviewed" ? "practice.reviewed" : "practice.new")],
          [t("practice.services"), (intake.services || []).map(function (id) { return P.serviceName(cat.services, id); }).join(", ")],
          [t("practice.hours_a_month"), intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
        intake.answers ? el("details", { class: "portal-details" }, [
          el("summary", { text: t("practice.answers") }), P.intakeAnswers(intake.answers, cat),
        ]) : null,
      ]));
    });

    panel.appendChild(el("h4", { text: t("practice.client.invoices") }));
    var invoices = detail.invoices || [];
    if (!invoices.length) panel.appendChild(el("p", { text: t("practice.client.no_invoices") }));
    else panel.appendChild(P.table(t("practice.client.invoices_of", { name: client.name || email }), [
      { title: t("portal.col.invoice"), nowrap: true, cell: function (i) { return i.number || "—"; } },
      { title: t("portal.col.date"), nowrap: true, cell: function (i) { return P.date(i.created); } },
      { title: t("portal.col.amount"), numeric: true, cell: function (i) { return P.money(i.amount_due, i.currency); } },
      { title: t("portal.col.status"), cell: function (i) { return P.label("invoice", i.status); } },
      { title: t("portal.col.details"), cell: P.invoiceLink },
    ], invoices, { hideCaption: true }));

    if (detail.hours) {
      panel.appendChild(el("h4", { text: t("practice.client.hours") }));
      panel.appendChild(V.clientHours.summary(detail.hours));
      panel.appendChild(V.clientHours.entries(email, detail.hours.entries || [], message));
    } else if (V.page.ledger) {
      panel.appendChild(el("h4", { text: t("practice.client.hours") }));
      panel.appendChild(el("p", { text: t("practice.client.no_ledger") }));
    }
    if (V.page.ledger) panel.appendChild(V.clientHours.trackerNames(email));

    panel.appendChild(eraseForm(client));
    heading.focus();
  }

  function eraseForm(client) {
    var email = client.email;
    var box = el("div", { class: "portal-subsection portal-danger-zone" });
    var confirm = P.field("practice-erase-confirm", t("practice.erase.confirm"),
      el("input", { type: "email", autocomplete: "off", spellcheck: "false", maxlength: "254" }),
      t("practice.erase.hint"));
    var go = P.button(t("practice.erase"), null, { type: "submit", danger: true, disabled: true });
    var message = P.messageArea();
    var form = el("form", { class: "portal-form", novalidate: true }, [confirm.node, el("p", {}, [go]), message.node]);
    var matches = function () { return confirm.control.value.trim().toLowerCase() === String(email).toLowerCase(); };
    confirm.control.addEventListener("input", function () { go.disabled = !matches(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!matches()) { confirm.error(t("practice.erase.exactly", { email: email })); confirm.control.focus(); return; }
      confirm.error("");
      go.disabled = true;
      message.say(t("practice.erase.erasing"));
      P.api("POST", "/api/practice/clients/" + enc(email) + "/erase", { body: { confirm_email: confirm.control.value.trim() } })
        .then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            var d = answer.data;
            closeClient();
            say("practice-clients-status", t("practice.erase.done", {
              email: email, bookings: P.count(d.bookings || 0, "practice.n.bookings"),
              intakes: P.count(d.intakes || 0, "practice.n.intakes"), invoices: P.count(d.invoices_kept || 0, "practice.n.invoices"),
            }), "done");
            loadClients(true);
            V.calls.load(true);
            V.intakes.load(true);
            V.activity.load(true);
            return;
          }
          go.disabled = !matches();
          message.say(P.problem(answer, t("practice.erase.failed")), "error");
        });
    });
    box.appendChild(el("h4", { text: t("practice.erase") }));
    box.appendChild(form);
    return box;
  }

  V.clients = { load: loadClients, wire: wireClientFilters, open: openClient, close: closeClient };
})();
