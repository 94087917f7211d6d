/* The practice view (site/docs/practice/index.md, #practice-app), for the assistant only.
 *
 * GET /api/me decides: signed out (a sign-in link), a client (403 state, a link to /account/), or the
 * assistant: then the sections load side by side: clients (filters, a detail panel with bookings,
 * intakes, invoices, hours and erasure), upcoming calls (cancel, reschedule onto a free slot), new
 * intakes (mark reviewed), log time and import (the hours ledger: hidden while the API lacks it)
 * and the activity log. The static forms are in the page; this script fills and wires them.
 */
(function () {
  "use strict";

  var P;
  var el;
  var DAYS_AHEAD = 30;
  var LEDGER_PATH = "/api/practice/time-entries";

  var page = null;  // per visit: the nodes, the clients, the catalog

  function $(id) { return document.getElementById(id); }

  function say(id, text, state) {
    var node = $(id);
    if (!node) return;
    node.textContent = text || "";
    if (state) node.setAttribute("data-state", state); else node.removeAttribute("data-state");
  }

  function enc(email) { return encodeURIComponent(email); }

  function who(row) {
    if (!row) return "";
    return row.name ? row.name + " (" + row.email + ")" : row.email;
  }

  /* An answer that ends the visit: the session ended (401) or is not the assistant's (403). */
  function ended(answer) {
    if (answer.status === 401) { signedOut("Your session has ended. Sign in again to continue."); return true; }
    if (answer.status === 403 && !/origin/i.test((answer.data && answer.data.message) || "")) { forbidden(); return true; }
    return false;
  }

  function signedOut(text) {
    $("practice-app").hidden = true;
    var state = $("practice-state");
    state.hidden = false;
    P.signedOut(state, text || "This page is for the assistant. Sign in with the link we email you.");
  }

  function forbidden() {
    $("practice-app").hidden = true;
    var state = $("practice-state");
    state.hidden = false;
    P.state(state, "forbidden", {
      title: "This page is for the assistant",
      text: "You're signed in as a client. Your plan, hours, invoices and calls are on your account page.",
      links: [["Go to your account", "/account/"]],
    });
  }

  /* A section the API does not offer (404 "No such endpoint"): out of the page and the jump list. */
  function hideSection(id) {
    var node = $(id);
    if (node) node.hidden = true;
    var jump = document.querySelector('[data-jump="' + id + '"]');
    if (jump) jump.hidden = true;
  }

  /* Replaces `holder`'s content by a question with two buttons until one is pressed. */
  function confirmInline(holder, question, yesText, noText, onYes) {
    var kept = Array.prototype.slice.call(holder.childNodes);
    var restore = function () {
      holder.textContent = "";
      kept.forEach(function (n) { holder.appendChild(n); });
    };
    var yes = P.button(yesText, function () { yes.disabled = true; onYes(restore); }, { primary: true, danger: true });
    var no = P.button(noText, function () { restore(); if (kept[0] && kept[0].focus) kept[0].focus(); });
    holder.textContent = "";
    holder.appendChild(el("span", { class: "portal-confirm" }, [el("span", { class: "portal-confirm__question", text: question }), yes, no]));
    yes.focus();
    return restore;
  }

  /* ------------------------------------------------------------------ clients */

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
    var visit = page;
    if (!quiet) say("practice-clients-status", "Loading clients…");
    return P.api("GET", "/api/practice/clients" + (filters ? "?" + filters : "")).then(function (answer) {
      if (visit !== page || filters !== clientFilters()) return;  // another page, or newer filters since
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-clients"); return; }
      if (answer.status !== 200) { say("practice-clients-status", P.problem(answer, "The clients could not be loaded."), "error"); return; }
      var clients = answer.data.clients || [];
      if (!filters) { page.clients = clients; fillClientSelect(); }
      renderClients(clients, !!filters, quiet);
    });
  }

  function renderClients(clients, filtered, quiet) {
    var holder = $("practice-clients-list");
    holder.textContent = "";
    var count = P.count(clients.length, "client", "clients");
    if (!quiet) say("practice-clients-status", count + (filtered ? (clients.length === 1 ? " matches" : " match") + " the filters." : "."));
    if (!clients.length) {
      holder.appendChild(el("p", { text: filtered ? "No client matches these filters." : "No clients yet." }));
      return;
    }
    holder.appendChild(P.table("Clients", [
      { title: "Client", cell: function (c) {
        return P.button(c.name || c.email, function () { openClient(c.email); }, {
          class: "portal-button--link", describedBy: null });
      } },
      { title: "Email", cell: function (c) { return c.email; } },
      { title: "Company", cell: function (c) { return c.company || ""; } },
      { title: "Plan", cell: function (c) { return c.tier_name || c.tier || "—"; } },
      { title: "Status", cell: function (c) { return P.label(P.RETAINER_STATUS, c.status, "No retainer"); } },
      { title: "Period ends", nowrap: true, cell: function (c) { return P.date(c.current_period_end); } },
      { title: "Next call", nowrap: true, cell: function (c) { return c.next_call ? P.dateTime(c.next_call) : ""; } },
      { title: "Last contact", nowrap: true, cell: function (c) { return P.date(c.last_contact); } },
      { title: "New intakes", numeric: true, cell: function (c) { return c.new_intakes ? P.number(c.new_intakes) : ""; } },
    ], clients, { rowId: function (c) { return c.email; }, hideCaption: true }));
  }

  function fillClientSelect() {
    var select = $("practice-log-client");
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    page.clients.slice().sort(function (a, b) { return (a.name || a.email).localeCompare(b.name || b.email); })
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

  /* ------------------------------------------------------------------ a client's detail panel */

  function openClient(email) {
    var panel = $("practice-client-detail");
    panel.hidden = false;
    panel.setAttribute("data-client", email);
    P.state(panel, "loading", { text: "Loading " + email + "…" });
    page.openClient = email;
    return P.api("GET", "/api/practice/clients/" + enc(email)).then(function (answer) {
      if (page.openClient !== email) return;
      if (ended(answer)) return;
      if (answer.status === 404) {
        P.state(panel, "error", { title: "Client not found", text: "This client no longer exists.", focus: true });
        panel.appendChild(P.button("Close", closeClient));
        return;
      }
      if (answer.status !== 200) {
        P.state(panel, "error", { title: "This client could not be loaded", text: P.problem(answer),
                                  retry: function () { openClient(email); }, focus: true });
        return;
      }
      renderClient(panel, answer.data);
    });
  }

  function closeClient() {
    var panel = $("practice-client-detail");
    var email = page.openClient;
    page.openClient = null;
    panel.hidden = true;
    panel.textContent = "";
    var row = email && document.querySelector('#practice-clients-list tr[data-id="' + CSS.escape(email) + '"] button');
    if (row) row.focus();
  }

  function renderClient(panel, detail) {
    var client = detail.client || {};
    var email = client.email;
    var cat = page.catalog;
    panel.textContent = "";
    panel.setAttribute("aria-busy", "false");
    var heading = el("h3", { id: "practice-client-title", tabindex: "-1", text: client.name || email });
    panel.setAttribute("aria-labelledby", "practice-client-title");
    panel.appendChild(el("div", { class: "portal-panel__head" }, [heading, P.button("Close", closeClient)]));
    var message = P.messageArea();
    panel.appendChild(message.node);
    panel.appendChild(P.facts([
      ["Email", email], ["Company", client.company || ""], ["Plan", client.tier_name || client.tier || "No retainer"],
      ["Status", P.label(P.RETAINER_STATUS, client.status, "No retainer")],
      ["Period ends", P.date(client.current_period_end)],
      ["Next call", client.next_call ? P.dateTime(client.next_call) : ""],
      ["Last contact", P.date(client.last_contact)],
    ]));

    panel.appendChild(el("h4", { text: "Calls" }));
    var bookings = (detail.bookings || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? 1 : -1; });
    if (!bookings.length) panel.appendChild(el("p", { text: "No calls." }));
    else panel.appendChild(el("ul", { class: "portal-list" }, bookings.map(function (b) {
      return el("li", { "data-booking-id": b.id }, [
        el("span", { class: "portal-call-time", text: P.callTime(b) }),
        el("span", { class: "portal-badge", "data-status": b.status === "cancelled" ? "canceled" : "active",
                     text: b.status === "cancelled" ? "Cancelled" : "Confirmed" }),
      ]);
    })));

    panel.appendChild(el("h4", { text: "Questionnaires" }));
    var intakes = detail.intakes || [];
    if (!intakes.length) panel.appendChild(el("p", { text: "No questionnaire yet." }));
    intakes.forEach(function (intake) {
      panel.appendChild(el("div", { class: "portal-card", "data-intake-id": intake.id }, [
        P.facts([
          ["Sent", P.date(intake.created_at)],
          ["Status", intake.status === "reviewed" ? "Reviewed" : "New"],
          ["Services", (intake.services || []).map(function (id) { return P.serviceName(cat.services, id); }).join(", ")],
          ["Hours a month", intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
        intake.answers ? el("details", { class: "portal-details" }, [
          el("summary", { text: "Answers" }), P.intakeAnswers(intake.answers, cat),
        ]) : null,
      ]));
    });

    panel.appendChild(el("h4", { text: "Invoices" }));
    var invoices = detail.invoices || [];
    if (!invoices.length) panel.appendChild(el("p", { text: "No invoices." }));
    else panel.appendChild(P.table("Invoices of " + (client.name || email), [
      { title: "Invoice", nowrap: true, cell: function (i) { return i.number || "—"; } },
      { title: "Date", nowrap: true, cell: function (i) { return P.date(i.created); } },
      { title: "Amount", numeric: true, cell: function (i) { return P.money(i.amount_due, i.currency); } },
      { title: "Status", cell: function (i) { return P.label(P.INVOICE_STATUS, i.status); } },
      { title: "Details", cell: function (i) {
        return i.hosted_invoice_url ? el("a", { href: i.hosted_invoice_url, rel: "noopener", class: "portal-link",
          text: "View invoice" + (i.number ? " " + i.number : "") }) : "—";
      } },
    ], invoices, { hideCaption: true }));

    if (detail.hours) {
      panel.appendChild(el("h4", { text: "Hours" }));
      panel.appendChild(hoursSummary(detail.hours));
      panel.appendChild(entriesTable(email, detail.hours.entries || [], message));
    } else if (page.ledger) {
      panel.appendChild(el("h4", { text: "Hours" }));
      panel.appendChild(el("p", { text: "No hours ledger for this client (no retainer or prepaid hours)." }));
    }
    if (page.ledger) panel.appendChild(trackerNames(email));

    panel.appendChild(eraseForm(client));
    heading.focus();
  }

  function hoursSummary(doc) {
    return P.facts([
      ["Period", doc.period ? P.dateRange(doc.period.start, doc.period.end) : ""],
      ["Included", P.duration(doc.included_minutes || 0)],
      ["Rolled over", P.duration(doc.rollover_minutes || 0)],
      ["Prepaid", P.duration(doc.prepaid_minutes || 0)],
      ["Used", P.duration(doc.used_minutes || 0)],
      ["Left", P.duration(doc.remaining_minutes || 0)],
      ["Approved extra", P.duration(doc.approved_extra_minutes || 0) + " (" + P.duration(doc.extra_used_minutes || 0) + " used)"],
    ], "portal-facts--hours");
  }

  function entriesTable(email, entries, message) {
    var holder = el("div", { class: "portal-entries" });
    if (!entries.length) { holder.appendChild(el("p", { text: "No time logged this period." })); return holder; }
    var editor = el("div", { class: "portal-editor" });
    holder.appendChild(P.table("Time entries", [
      { title: "Date", nowrap: true, cell: function (e) { return P.date(e.date); } },
      { title: "Service", cell: function (e) { return P.serviceName(page.catalog.services, e.service); } },
      { title: "Description", cell: function (e) { return e.description || ""; } },
      { title: "Time", numeric: true, cell: function (e) { return P.duration(e.minutes); } },
      { title: "Billed", numeric: true, cell: function (e) { return P.duration(e.billed_minutes); } },
      { title: "Surcharge", cell: function (e) { return P.label(P.SURCHARGE, e.surcharge, "—"); } },
      { title: "Actions", cell: function (e) {
        var actions = el("span", { class: "portal-row-actions" });
        actions.appendChild(P.button("Edit", function () { editEntry(editor, email, e, message); }));
        actions.appendChild(P.button("Delete", function () {
          confirmInline(actions, "Delete this entry?", "Yes, delete it", "No, keep it", function (restore) {
            P.api("DELETE", LEDGER_PATH + "/" + enc(e.id)).then(function (answer) {
              if (ended(answer)) return;
              if (answer.status === 204 || answer.status === 200 || answer.status === 404) {
                openClient(email).then(function () {
                  var area = document.querySelector("#practice-client-detail .portal-message");
                  if (area) { area.textContent = answer.status === 404 ? "That entry was already deleted." : "Entry deleted."; area.setAttribute("data-state", "done"); }
                });
                return;
              }
              restore();
              message.say(P.problem(answer, "The entry could not be deleted."), "error");
            });
          });
        }, { danger: true }));
        return actions;
      } },
    ], entries, { rowId: function (e) { return e.id; }, hideCaption: true }));
    holder.appendChild(editor);
    return holder;
  }

  function serviceOptions(selected) {
    return (page.catalog.services || []).map(function (s) {
      return el("option", { value: s.id, text: s.name, selected: s.id === selected });
    });
  }

  function editEntry(editor, email, entry, message) {
    editor.textContent = "";
    var id = "practice-edit-" + String(entry.id).replace(/[^A-Za-z0-9_-]/g, "");
    var date = P.field(id + "-date", "Date", el("input", { type: "date", required: true, value: entry.date }));
    var minutes = P.field(id + "-minutes", "Duration", el("input", { type: "text", required: true, maxlength: "12",
      autocomplete: "off", value: String(entry.minutes) }), "Minutes (90), hours and minutes (1:30) or 1h30.");
    var service = P.field(id + "-service", "Service", el("select", { required: true }, serviceOptions(entry.service)));
    var description = P.field(id + "-description", "Description", el("textarea", { rows: "2", maxlength: "1000" }));
    description.control.value = entry.description || "";
    var surcharge = P.field(id + "-surcharge", "Surcharge", el("select", {}, [
      el("option", { value: "", text: "None", selected: !entry.surcharge }),
      el("option", { value: "rush", text: "Rush", selected: entry.surcharge === "rush" }),
      el("option", { value: "evenings_weekends", text: "Evenings and weekends", selected: entry.surcharge === "evenings_weekends" }),
    ]));
    var save = P.button("Save changes", null, { type: "submit", primary: true });
    var form = el("form", { class: "portal-form portal-card", novalidate: true }, [
      el("fieldset", { class: "portal-fieldset" }, [
        el("legend", { text: "Edit the entry of " + P.date(entry.date) }),
        date.node, minutes.node, service.node, description.node, surcharge.node,
        el("p", { class: "portal-actions" }, [save, P.button("Cancel editing", function () { editor.textContent = ""; })]),
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var parsed = P.parseDuration(minutes.control.value);
      minutes.error(parsed && parsed > 0 && parsed <= 1440 ? "" : "Enter a duration like 90, 1:30 or 1h30 (up to 24 hours).");
      date.error(date.control.value ? "" : "Choose a date.");
      if (!parsed || parsed > 1440 || !date.control.value) return;
      var changes = {};
      if (date.control.value !== entry.date) changes.date = date.control.value;
      if (parsed !== entry.minutes) changes.minutes = parsed;
      if (service.control.value !== entry.service) changes.service = service.control.value;
      if (description.control.value.trim() !== (entry.description || "")) changes.description = description.control.value.trim();
      if ((surcharge.control.value || null) !== (entry.surcharge || null)) changes.surcharge = surcharge.control.value || null;
      if (!Object.keys(changes).length) { editor.textContent = ""; message.say("Nothing changed."); return; }
      save.disabled = true;
      P.api("PATCH", LEDGER_PATH + "/" + enc(entry.id), { body: changes }).then(function (answer) {
        save.disabled = false;
        if (ended(answer)) return;
        if (answer.status === 200) {
          openClient(email).then(function () {
            var area = document.querySelector("#practice-client-detail .portal-message");
            if (area) { area.textContent = "Entry saved."; area.setAttribute("data-state", "done"); }
          });
          return;
        }
        if (answer.status === 422) showFieldErrors(answer, { date: date, minutes: minutes, service: service,
                                                             description: description, surcharge: surcharge });
        message.say(P.problem(answer, "The entry could not be saved."), "error");
      });
    });
    editor.appendChild(form);
    date.control.focus();
  }

  /* 422 detail [{loc, field, msg}] -> the fields' error slots. */
  function showFieldErrors(answer, fields) {
    var first = null;
    (answer.data.detail || []).forEach(function (d) {
      var name = d.field || (d.loc && d.loc[d.loc.length - 1]);
      var target = fields[name];
      if (target) { target.error(d.msg); first = first || target; }
    });
    if (first) first.control.focus();
  }

  /* The names a time tracker uses for this client (for imports). */
  function trackerNames(email) {
    var box = el("div", { class: "portal-subsection" });
    var path = "/api/practice/clients/" + enc(email) + "/tracker-names";
    var id = "practice-tracker-names";
    var names = P.field(id, "Names in your time tracker", el("textarea", { rows: "3", maxlength: "2000" }),
      "One per line: the client or project names your tracker exports for this client. Imports match on them.");
    var save = P.button("Save tracker names", null, { type: "submit" });
    var message = P.messageArea();
    var form = el("form", { class: "portal-form", novalidate: true }, [names.node, el("p", {}, [save]), message.node]);
    box.appendChild(el("h4", { text: "Time-tracker names" }));
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
        if (answer.status === 200 || answer.status === 204) message.say("Tracker names saved.", "done");
        else message.say(P.problem(answer, "The names could not be saved."), "error");
      });
    });
    return box;
  }

  function eraseForm(client) {
    var email = client.email;
    var box = el("div", { class: "portal-subsection portal-danger-zone" });
    var confirm = P.field("practice-erase-confirm", "Type the client's email to confirm",
      el("input", { type: "email", autocomplete: "off", spellcheck: "false", maxlength: "254" }),
      "Erasing deletes this client's bookings, questionnaires and hours for good. Invoices are kept for the accounts.");
    var go = P.button("Erase this client", null, { type: "submit", danger: true, disabled: true });
    var message = P.messageArea();
    var form = el("form", { class: "portal-form", novalidate: true }, [confirm.node, el("p", {}, [go]), message.node]);
    var matches = function () { return confirm.control.value.trim().toLowerCase() === String(email).toLowerCase(); };
    confirm.control.addEventListener("input", function () { go.disabled = !matches(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!matches()) { confirm.error("Type " + email + " exactly to confirm."); confirm.control.focus(); return; }
      confirm.error("");
      go.disabled = true;
      message.say("Erasing…");
      P.api("POST", "/api/practice/clients/" + enc(email) + "/erase", { body: { confirm_email: confirm.control.value.trim() } })
        .then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            var d = answer.data;
            closeClient();
            say("practice-clients-status", "Erased " + email + ": " + P.count(d.bookings || 0, "booking", "bookings") + " and "
              + P.count(d.intakes || 0, "questionnaire", "questionnaires") + " deleted, "
              + P.count(d.invoices_kept || 0, "invoice", "invoices") + " kept.", "done");
            loadClients(true);
            loadCalls(true);
            loadIntakes(true);
            loadActivity(true);
            return;
          }
          go.disabled = !matches();
          message.say(P.problem(answer, "The client could not be erased."), "error");
        });
    });
    box.appendChild(el("h4", { text: "Erase this client" }));
    box.appendChild(form);
    return box;
  }

  /* ------------------------------------------------------------------ upcoming calls */

  function loadCalls(quiet) {
    quiet = quiet === true;
    var visit = page;
    if (!quiet) say("practice-calls-status", "Loading calls…");
    return P.api("GET", "/api/practice/bookings?when=upcoming").then(function (answer) {
      if (visit !== page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-calls"); return; }
      if (answer.status !== 200) { say("practice-calls-status", P.problem(answer, "The calls could not be loaded."), "error"); return; }
      if (!quiet) say("practice-calls-status", "");
      renderCalls((answer.data.bookings || []).filter(function (b) { return b.status !== "cancelled"; }));
    });
  }

  function renderCalls(bookings) {
    var holder = $("practice-calls-list");
    holder.textContent = "";
    bookings.sort(function (a, b) { return a.start_utc < b.start_utc ? -1 : 1; });
    if (!bookings.length) { holder.appendChild(el("p", { text: "No upcoming calls." })); return; }
    holder.appendChild(el("ul", { class: "portal-list portal-calls" }, bookings.map(function (b) {
      var describe = "practice-call-" + String(b.id).replace(/[^A-Za-z0-9_-]/g, "");
      var actions = el("span", { class: "portal-row-actions" });
      actions.appendChild(P.button("Reschedule", function () { openReschedule(b); }, { describedBy: describe }));
      actions.appendChild(P.button("Cancel call", function () {
        confirmInline(actions, "Cancel this call?", "Yes, cancel the call", "No, keep it", function (restore) {
          say("practice-calls-status", "Cancelling…");
          P.api("POST", "/api/practice/bookings/" + enc(b.id) + "/cancel").then(function (answer) {
            if (ended(answer)) return;
            if (answer.status === 200) {
              say("practice-calls-status", "The call with " + (b.name || b.email) + " on " + P.dateTime(b.start) + " is cancelled.", "done");
              loadCalls(true);
              loadClients(true);
              loadActivity(true);
              return;
            }
            restore();
            say("practice-calls-status", P.problem(answer, "The call could not be cancelled."), "error");
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
    var heading = el("h3", { id: "practice-reschedule-title", tabindex: "-1", text: "Move the call with " + (booking.name || booking.email) });
    panel.setAttribute("aria-labelledby", "practice-reschedule-title");
    var slots = el("div", { class: "portal-slots", "aria-busy": "true" });
    var message = P.messageArea();
    var close = function () { panel.hidden = true; panel.textContent = ""; };
    panel.appendChild(el("div", { class: "portal-panel__head" }, [heading, P.button("Keep the current time", close)]));
    panel.appendChild(el("p", { text: "Now: " + P.callTime(booking) + ". Free times below are in your time zone (" + zone.replace(/_/g, " ") + ")." }));
    panel.appendChild(message.node);
    panel.appendChild(slots);
    heading.focus();

    function load() {
      var now = new Date();
      var from = P.dayIn(now, zone);
      var to = P.dayIn(new Date(now.getTime() + DAYS_AHEAD * 86400000), zone);
      slots.setAttribute("aria-busy", "true");
      slots.textContent = "Loading free times…";
      P.api("GET", "/api/availability?from=" + from + "&to=" + to + "&tz=" + encodeURIComponent(zone)).then(function (answer) {
        slots.textContent = "";
        slots.setAttribute("aria-busy", "false");
        if (answer.status !== 200) { message.say(P.problem(answer, "Free times could not be loaded."), "error"); return; }
        render(answer.data.slots || []);
      });
    }

    function render(list) {
      if (!list.length) { slots.appendChild(el("p", { text: "No free times in the next " + DAYS_AHEAD + " days." })); return; }
      var groups = {}, order = [];
      list.forEach(function (slot) {
        var day = slot.start.slice(0, 10);
        if (!groups[day]) { groups[day] = []; order.push(day); }
        groups[day].push(slot);
      });
      order.forEach(function (day, index) {
        var id = "practice-reschedule-day-" + index;
        slots.appendChild(el("div", { class: "portal-slot-day" }, [
          el("h4", { id: id, text: new Intl.DateTimeFormat(P.lang(), { weekday: "long", day: "numeric", month: "long", timeZone: zone })
            .format(new Date(groups[day][0].start)) }),
          el("div", { class: "portal-slot-list", role: "group", "aria-labelledby": id }, groups[day].map(function (slot) {
            return el("button", { type: "button", class: "md-button portal-button portal-slot", "data-start": slot.start,
              text: P.time(slot.start, zone), onclick: function () { pick(slot); } });
          })),
        ]));
      });
    }

    function pick(slot) {
      var question = el("div", { class: "portal-confirm portal-card" });
      var yes = P.button("Yes, move it", function () {
        yes.disabled = true;
        message.say("Moving the call…");
        P.api("POST", "/api/practice/bookings/" + enc(booking.id) + "/reschedule", { body: { start: slot.start } }).then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            close();
            say("practice-calls-status", "The call with " + (booking.name || booking.email) + " is moved to " + P.callTime(answer.data) + ".", "done");
            loadCalls(true);
            loadClients(true);
            loadActivity(true);
            return;
          }
          question.remove();
          message.say(P.problem(answer, "The call could not be moved."), "error");
          if (answer.status === 409) load();
        });
      }, { primary: true });
      var no = P.button("Choose another time", function () { question.remove(); });
      var existing = panel.querySelector(".portal-confirm");
      if (existing) existing.remove();
      question.appendChild(el("p", { text: "Move the call to " + P.dateTime(slot.start, zone) + "?" }));
      question.appendChild(el("p", { class: "portal-actions" }, [yes, no]));
      panel.insertBefore(question, message.node);
      yes.focus();
    }

    load();
  }

  /* ------------------------------------------------------------------ new intakes */

  function loadIntakes(quiet) {
    quiet = quiet === true;
    var visit = page;
    if (!quiet) say("practice-intakes-status", "Loading intakes…");
    return P.api("GET", "/api/practice/intakes?status=new").then(function (answer) {
      if (visit !== page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-intakes"); return; }
      if (answer.status !== 200) { say("practice-intakes-status", P.problem(answer, "The intakes could not be loaded."), "error"); return; }
      if (!quiet) say("practice-intakes-status", "");
      renderIntakes(answer.data.intakes || []);
    });
  }

  function renderIntakes(intakes) {
    var holder = $("practice-intakes-list");
    holder.textContent = "";
    if (!intakes.length) { holder.appendChild(el("p", { text: "No new intakes." })); return; }
    intakes.sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; }).forEach(function (intake) {
      var title = intake.company ? intake.company + " (" + (intake.name || intake.client_email) + ")" : (intake.name || intake.client_email);
      var card = el("article", { class: "portal-card", "data-intake-id": intake.id }, [
        el("h3", { text: title }),
        P.facts([
          ["Email", intake.client_email], ["Sent", P.date(intake.created_at)],
          ["Services", (intake.services || []).map(function (id) { return P.serviceName(page.catalog.services, id); }).join(", ")],
          ["Hours a month", intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
      ]);
      var reviewed = P.button("Mark reviewed", function () {
        reviewed.disabled = true;
        P.api("POST", "/api/practice/intakes/" + enc(intake.id) + "/reviewed").then(function (answer) {
          if (ended(answer)) return;
          if (answer.status === 200) {
            card.remove();
            say("practice-intakes-status", "The intake of " + title + " is marked reviewed.", "done");
            if (!holder.querySelector(".portal-card")) holder.appendChild(el("p", { text: "No new intakes." }));
            loadClients(true);
            return;
          }
          reviewed.disabled = false;
          say("practice-intakes-status", P.problem(answer, "The intake could not be marked reviewed."), "error");
        });
      }, { primary: true });
      card.appendChild(el("p", { class: "portal-actions" }, [
        reviewed,
        intake.client_email ? P.button("Open client", function () {
          openClient(intake.client_email);
          $("practice-clients").scrollIntoView();
        }) : null,
      ]));
      holder.appendChild(card);
    });
  }

  /* ------------------------------------------------------------------ log time */

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
      if (!fields.client_email.control.value) problems.push(["client_email", "Choose a client."]);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.date.control.value)) problems.push(["date", "Choose a date."]);
      if (!minutes || minutes > 1440) problems.push(["minutes", "Enter a duration like 90, 1:30 or 1h30 (up to 24 hours)."]);
      if (!fields.service.control.value) problems.push(["service", "Choose a service."]);
      if (!fields.description.control.value.trim()) problems.push(["description", "Describe the work in a few words."]);
      if (problems.length) {
        problems.forEach(function (p) { fields[p[0]].error(p[1]); });
        fields[problems[0][0]].control.focus();
        say("practice-log-status", "Please correct the highlighted fields.", "error");
        return;
      }
      var surcharge = (form.querySelector('input[name="surcharge"]:checked') || {}).value || "";
      var body = { client_email: fields.client_email.control.value, date: fields.date.control.value, minutes: minutes,
                   service: fields.service.control.value, description: fields.description.control.value.trim() };
      if (surcharge) body.surcharge = surcharge;
      button.disabled = true;
      say("practice-log-status", "Saving…");
      P.api("POST", LEDGER_PATH, { body: body, headers: { "Idempotency-Key": key } }).then(function (answer) {
        button.disabled = false;
        if (ended(answer)) return;
        if (P.missingEndpoint(answer)) { hideSection("practice-log"); hideSection("practice-import"); return; }
        if (answer.status === 201 || answer.status === 200) {
          var client = (page.clients || []).filter(function (c) { return c.email === body.client_email; })[0];
          say("practice-log-status", "Logged " + P.duration(minutes) + " for " + (client ? client.name || client.email : body.client_email)
            + " on " + P.date(body.date) + ".", "done");
          fields.minutes.control.value = "";
          fields.description.control.value = "";
          key = P.newKey();
          if (page.openClient === body.client_email) openClient(body.client_email);
          return;
        }
        if (answer.status === 422) showFieldErrors(answer, fields);
        say("practice-log-status", P.problem(answer, "The time could not be logged."), "error");
      });
    });
  }

  function fillServiceSelect() {
    var select = $("practice-log-service");
    while (select.options.length > 1) select.remove(1);
    serviceOptions(null).forEach(function (option) { select.appendChild(option); });
  }

  /* ------------------------------------------------------------------ import */

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
      if (!chosen) { say("practice-import-status", "Choose a CSV file first.", "error"); file.focus(); return; }
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      say("practice-import-status", dryRun ? "Checking the file…" : "Importing…");
      var done = function () {
        $("practice-import-dry-run").disabled = false;
        go.disabled = tried !== identity();
      };
      var id = identity();
      chosen.text().then(function (text) {
        return P.api("POST", LEDGER_PATH + "/import?format=" + encodeURIComponent(format.value) + "&dry_run=" + (dryRun ? "true" : "false"),
                     { text: text, contentType: "text/csv" });
      }, function () {
        return { status: -1, data: { message: "The file could not be read. Is it a CSV file?" } };
      }).then(function (answer) {
        if (answer.status === -1) { done(); say("practice-import-status", answer.data.message, "error"); return; }
        if (ended(answer)) return;
        if (P.missingEndpoint(answer)) { hideSection("practice-import"); return; }
        if (answer.status !== 200) { done(); say("practice-import-status", P.problem(answer, "The file could not be imported."), "error"); return; }
        var d = answer.data;
        var count = dryRun ? (d.would_import !== undefined ? d.would_import : d.imported) : d.imported;
        var skipped = d.skipped || [];
        tried = dryRun ? id : null;  // a real import needs a new dry run before another
        done();
        var entries = P.count(count || 0, "entry", "entries");
        say("practice-import-status", (dryRun ? "Dry run: " + entries + " would be imported" : "Imported " + entries)
          + (skipped.length ? "; " + P.count(skipped.length, "row", "rows") + " skipped." : "."), "done");
        renderImport(result, dryRun, count || 0, skipped);
        if (!dryRun && page.openClient) openClient(page.openClient);
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    go.addEventListener("click", function () { if (tried && tried === identity()) run(false); });
  }

  function renderImport(result, dryRun, count, skipped) {
    result.textContent = "";
    result.appendChild(el("p", { class: "portal-import-count", "data-count": String(count),
      text: (dryRun ? "Would import: " : "Imported: ") + P.number(count) }));
    if (skipped.length) {
      result.appendChild(P.table("Skipped rows", [
        { title: "Row", numeric: true, cell: function (s) { return P.number(s.row); } },
        { title: "Reason", cell: function (s) { return s.reason; } },
      ], skipped));
    }
  }

  /* ------------------------------------------------------------------ activity */

  function loadActivity(quiet) {
    quiet = quiet === true;
    var visit = page;
    if (!quiet) say("practice-activity-status", "Loading activity…");
    return P.api("GET", "/api/practice/audit").then(function (answer) {
      if (visit !== page) return;
      if (ended(answer)) return;
      if (P.missingEndpoint(answer)) { hideSection("practice-activity"); return; }
      if (answer.status !== 200) { say("practice-activity-status", P.problem(answer, "The activity could not be loaded."), "error"); return; }
      if (!quiet) say("practice-activity-status", "");
      var entries = answer.data.entries || [];
      var holder = $("practice-activity-list");
      holder.textContent = "";
      if (!entries.length) { holder.appendChild(el("p", { text: "No activity yet." })); return; }
      holder.appendChild(P.table("Activity", [
        { title: "When", nowrap: true, cell: function (e) { return P.dateTime(e.at); } },
        { title: "Who", cell: function (e) { return e.actor; } },
        { title: "What", cell: function (e) { return P.label({}, String(e.action || "").replace(/\./g, " ")); } },
        { title: "Target", cell: function (e) { return e.target || ""; } },
      ], entries, { hideCaption: true }));
    });
  }

  /* ------------------------------------------------------------------ the page */

  /* Is the hours ledger in the API? The OpenAPI document lists every route. */
  function detectLedger() {
    return P.api("GET", "/api/openapi.json").then(function (answer) {
      if (answer.status !== 200 || !answer.data.paths) return true;  // unknown: let the sections try
      return !!answer.data.paths[LEDGER_PATH];
    });
  }

  function wireSignOut() {
    $("practice-sign-out").addEventListener("click", function () {
      say("practice-sign-out-status", "Signing out…");
      P.api("POST", "/api/auth/sign-out").then(function (answer) {
        if (answer.status === 204 || answer.status === 200 || answer.status === 401) {
          page = null;
          $("practice-app").hidden = true;
          var state = $("practice-state");
          state.hidden = false;
          P.state(state, "signed-out", { title: "You're signed out", text: "You're signed out on this device.",
                                          links: [["Sign in again", "/account/sign-in/"]], focus: true });
          return;
        }
        say("practice-sign-out-status", P.problem(answer, "Signing out did not work."), "error");
      });
    });
  }

  function load() {
    var state = $("practice-state");
    var app = $("practice-app");
    app.hidden = true;
    state.hidden = false;
    P.state(state, "loading", { text: "Loading the practice view…" });
    P.api("GET", "/api/me").then(function (me) {
      if (me.status === 401) { signedOut(); return; }
      if (me.status !== 200) {
        P.state(state, "error", { title: "The practice view could not be loaded", text: P.problem(me), retry: load, focus: true });
        return;
      }
      if (me.data.role !== "assistant") { forbidden(); return; }
      return Promise.all([P.catalog(), detectLedger()]).then(function (all) {
        page = { catalog: all[0], ledger: all[1], clients: [], openClient: null };
        state.textContent = "";
        state.hidden = true;
        app.hidden = false;
        $("practice-signed-in").textContent = "Signed in as " + (me.data.name ? me.data.name + " (" + me.data.email + ")" : me.data.email) + ".";
        fillServiceSelect();
        if (!page.ledger) { hideSection("practice-log"); hideSection("practice-import"); }
        loadClients();
        loadCalls();
        loadIntakes();
        loadActivity();
      });
    });
  }

  function boot() {
    var root = document.getElementById("practice-app");
    if (!root || root.dataset.ready) return;
    P = window.VaPortal;
    el = P.el;
    root.dataset.ready = "true";
    page = null;
    wireClientFilters();
    wireLogForm();
    wireImport();
    wireSignOut();
    load();
  }

  if (typeof document$ !== "undefined") document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
