/* The client's account page (site/docs/account/index.md, #account-app).
 *
 * GET /api/me decides the state (signed out, the assistant, a client); then GET /api/me/account and
 * GET /api/me/hours (404 until the hours ledger exists: the section is left out) fill the sections:
 * plan, hours, invoices and billing, calls, questionnaire, data export and signing out.
 */
(function () {
  "use strict";

  var P;
  var el;

  function section(id, title, children) {
    return el("section", { class: "portal-section", id: id, "aria-labelledby": id + "-title" },
      [el("h2", { id: id + "-title", text: title })].concat(children || []));
  }

  function failed(root, answer, retry) {
    P.state(root, "error", {
      title: "Your account could not be loaded",
      text: P.problem(answer, "Your account could not be loaded."),
      retry: retry, focus: true,
    });
  }

  function assistant(root) {
    P.state(root, "assistant", {
      title: "You're signed in as the assistant",
      text: "This page is for clients. Your clients, calls and hours are in the practice view.",
      links: [["Open the practice view", "/practice/"]],
    });
  }

  /* ------------------------------------------------------------------ plan and billing */

  function billingPortal(text, primary) {
    var message = P.messageArea();
    var go = P.button(text, function () {
      if (go.disabled) return;
      go.disabled = true;
      message.say("Opening Stripe's billing portal…");
      P.api("POST", "/api/me/billing-portal").then(function (answer) {
        if (answer.status === 200 && answer.data.url) { window.location.assign(answer.data.url); return; }
        go.disabled = false;
        message.say(P.problem(answer, "The billing portal could not be opened. Please try again."), "error");
      });
    }, { primary: primary, class: "portal-billing-portal" });
    return el("div", { class: "portal-billing" }, [el("p", { class: "portal-actions" }, [go]), message.node]);
  }

  function plan(account) {
    var retainer = account.retainer;
    if (!retainer) {
      return section("account-plan", "Your plan", [
        el("p", { "data-retainer-status": "none", text: "You don't have a retainer yet." }),
        el("p", { class: "portal-actions" }, [P.linkButton("See the plans", "/pricing/", true)]),
      ]);
    }
    var status = retainer.status;
    var children = [
      el("p", { class: "portal-headline" }, [
        el("span", { class: "portal-plan-name", text: retainer.tier_name || retainer.tier }),
        el("span", { class: "portal-badge", "data-status": status, "data-retainer-status": status,
                     text: P.label(P.RETAINER_STATUS, status) }),
      ]),
      P.facts([
        ["Price", retainer.price ? P.money(retainer.price.amount, retainer.price.currency) + " a month" : ""],
        ["Hours a month", retainer.hours_per_month ? P.number(retainer.hours_per_month) : ""],
        [status === "canceled" ? "Last period" : "Current period",
         P.dateRange(retainer.current_period_start, retainer.current_period_end)],
      ]),
    ];
    if (status === "past_due") {
      children.push(el("p", { class: "portal-alert", text: "Your last payment did not go through. Please update your card to keep your hours." }));
      children.push(billingPortal("Update your card", true));
    } else if (status === "incomplete") {
      children.push(el("p", { class: "portal-alert", text: "Your first payment is not complete yet. Please finish it or update your card." }));
      children.push(billingPortal("Update your card", true));
    } else if (status === "canceled" || status === "cancelled") {
      children.push(el("p", { text: "Your retainer is cancelled. You can start a new one at any time." }));
      children.push(el("p", { class: "portal-actions" }, [P.linkButton("See the plans", "/pricing/", true)]));
    }
    return section("account-plan", "Your plan", children);
  }

  function invoices(account) {
    var list = (account.invoices || []).slice().sort(function (a, b) { return a.created < b.created ? 1 : -1; });
    var children = [];
    if (!list.length) {
      children.push(el("p", { text: "No invoices yet." }));
    } else {
      children.push(P.table("Your invoices", [
        { title: "Invoice", nowrap: true, cell: function (i) { return i.number || "—"; } },
        { title: "Date", nowrap: true, cell: function (i) { return P.date(i.created); } },
        { title: "Period", cell: function (i) { return P.dateRange(i.period_start, i.period_end); } },
        { title: "Amount", numeric: true, cell: function (i) { return P.money(i.amount_due, i.currency); } },
        { title: "Paid", numeric: true, cell: function (i) { return P.money(i.amount_paid, i.currency); } },
        { title: "Status", cell: function (i) { return P.label(P.INVOICE_STATUS, i.status); } },
        { title: "Details", cell: function (i) {
          return i.hosted_invoice_url ? el("a", { href: i.hosted_invoice_url, rel: "noopener", class: "portal-link",
            text: "View invoice" + (i.number ? " " + i.number : "") }) : "—";
        } },
      ], list, { rowId: function (i) { return i.id; }, hideCaption: true }));
    }
    if (account.retainer || list.length) {
      children.push(el("p", { text: "Update your card, change or cancel your plan and download receipts in Stripe's secure billing portal." }));
      children.push(billingPortal("Manage billing", !(account.retainer && account.retainer.status === "past_due")));
    }
    return section("account-invoices", "Invoices and billing", children);
  }

  /* ------------------------------------------------------------------ hours */

  function hoursSection(answer, cat) {
    if (answer.status === 404) return null;  // no hours ledger (yet): nothing to show
    var body = el("div", { class: "portal-hours" });
    var message = P.messageArea();
    var node = section("account-hours", "Your hours", [body, message.node]);
    if (answer.status !== 200) {
      message.say(P.problem(answer, "Your hours could not be loaded."), "error");
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
    if (doc.period) body.appendChild(el("p", { text: "This period: " + P.dateRange(doc.period.start, doc.period.end) }));
    if (total > 0) {
      var meter = el("meter", { id: "account-hours-meter", min: "0", max: String(total), value: String(Math.min(used, total)),
                                low: String(total * 0.75), high: String(total * 0.9), optimum: "0" });
      body.appendChild(el("div", { class: "portal-meter" }, [
        el("label", { for: "account-hours-meter", text: "Hours used this period" }),
        meter,
        el("p", { class: "portal-meter__text", "data-hours-left": String(left),
                  text: P.duration(used) + " used of " + P.duration(total) + " · " + P.duration(left) + " left" }),
      ]));
    }
    var rollover = (doc.rollover || []).filter(function (r) { return r.minutes; });
    var rolloverNode = el("span", {}, [P.duration(doc.rollover_minutes || 0)]);
    if (rollover.length) {
      rolloverNode.appendChild(el("ul", { class: "portal-compact-list" }, rollover.map(function (r) {
        return el("li", { text: P.duration(r.minutes) + ", expires " + P.date(r.expires_at) });
      })));
    }
    var prepaid = (doc.prepaid || []).filter(function (b) { return b.minutes; });
    var prepaidNode = el("span", {}, [P.duration(doc.prepaid_minutes || 0)]);
    if (prepaid.length) {
      prepaidNode.appendChild(el("ul", { class: "portal-compact-list", "data-prepaid-blocks": "" }, prepaid.map(function (b) {
        return el("li", { text: P.duration(b.minutes) + ", expires " + P.date(b.expires_at) });
      })));
    }
    var facts = doc.hourly ? [["Prepaid", prepaidNode], ["Used", P.duration(used)], ["Left", P.duration(doc.remaining_minutes || 0)]] : [
      ["Included this period", P.duration(doc.included_minutes || 0)],
      ["Rolled over", rolloverNode],
      ["Prepaid", prepaidNode],
      ["Used", P.duration(used)],
      ["Left", P.duration(doc.remaining_minutes || 0)],
      ["Approved extra", doc.approved_extra_minutes
        ? P.duration(doc.approved_extra_minutes) + " (" + P.duration(doc.extra_used_minutes || 0) + " used)"
        : P.duration(0)],
    ];
    body.appendChild(P.facts(facts, "portal-facts--hours"));
    if (doc.hourly) {
      body.appendChild(el("p", {}, ["Prepaid hours are used oldest block first. ",
        el("a", { href: "/pricing/#by-the-hour", class: "portal-link", text: "Buy more hours" })]));
    }

    if (doc.can_approve_extra) body.appendChild(approveExtra(body, doc, cat, message));

    body.appendChild(el("h3", { text: "This period's work" }));
    var entries = doc.entries || [];
    if (!entries.length) body.appendChild(el("p", { text: "No time logged this period yet." }));
    else body.appendChild(P.table("This period's work", [
      { title: "Date", nowrap: true, cell: function (e) { return P.date(e.date); } },
      { title: "Service", cell: function (e) { return P.serviceName(cat.services, e.service); } },
      { title: "Description", cell: function (e) { return e.description || ""; } },
      { title: "Time", numeric: true, cell: function (e) { return P.duration(e.minutes); } },
      { title: "Billed", numeric: true, cell: function (e) { return P.duration(e.billed_minutes); } },
      { title: "Surcharge", cell: function (e) { return P.label(P.SURCHARGE, e.surcharge, "—"); } },
    ], entries, { rowId: function (e) { return e.id; }, hideCaption: true }));

    var statements = doc.statements || [];
    if (statements.length) {
      body.appendChild(el("h3", { text: "Past statements" }));
      body.appendChild(el("ul", { class: "portal-list" }, statements.map(function (s) {
        return el("li", {}, [el("a", { href: s.url, class: "portal-link", download: "",
          text: "Statement " + P.dateRange(s.period_start, s.period_end) + " (CSV)" })]);
      })));
    }
  }

  function approveExtra(body, doc, cat, message) {
    var capHours = doc.approval_cap_minutes ? Math.floor(doc.approval_cap_minutes / 60) : null;
    var input = el("input", { type: "number", min: "1", step: "1", max: capHours ? String(capHours) : null,
                              inputmode: "numeric", required: true, autocomplete: "off" });
    var hours = P.field("account-extra-hours", "Extra hours to approve", input,
      capHours ? "Whole hours, up to " + P.number(capHours) + " this period." : "Whole hours.");
    var go = P.button("Approve extra hours", null, { type: "submit", primary: true });
    var form = el("form", { class: "portal-form portal-form--inline", novalidate: true }, [hours.node, el("p", {}, [go])]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = Number(input.value);
      if (!input.value || !Number.isInteger(value) || value < 1 || (capHours && value > capHours)) {
        hours.error(capHours ? "Enter a whole number of hours from 1 to " + capHours + "." : "Enter a whole number of hours, 1 or more.");
        input.focus();
        return;
      }
      hours.error("");
      go.disabled = true;
      message.say("Approving…");
      P.api("POST", "/api/me/extra-hours", { body: { hours: value } }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 200) {
          renderHours(body, answer.data, cat, message);
          message.say("Approved " + P.duration(value * 60) + " of extra work this period.", "done");
          return;
        }
        message.say(P.problem(answer, "The extra hours could not be approved."), "error");
      });
    });
    return el("div", { class: "portal-subsection" }, [
      el("h3", { text: "Approve extra hours" }),
      el("p", { text: "This period's hours are used up. Approve extra hours, billed at your plan's overage rate, so the work can go on." }),
      form,
    ]);
  }

  /* ------------------------------------------------------------------ calls, questionnaire */

  function calls(account) {
    var bookings = account.bookings || {};
    var upcoming = (bookings.upcoming || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? -1 : 1; });
    var past = (bookings.past || []).slice().sort(function (a, b) { return a.start_utc < b.start_utc ? 1 : -1; });
    var children = [el("h3", { text: "Upcoming" })];
    if (!upcoming.length) {
      children.push(el("p", {}, ["No upcoming calls. ", el("a", { href: "/book/", text: "Book a call" })]));
    } else {
      children.push(el("ul", { class: "portal-list portal-calls" }, upcoming.map(function (b) {
        return el("li", { "data-booking-id": b.id }, [
          el("span", { class: "portal-call-time", text: P.callTime(b) }),
          b.status === "cancelled" ? el("span", { class: "portal-badge", "data-status": "canceled", text: "Cancelled" }) : null,
          b.manage_url ? el("a", { href: b.manage_url, class: "md-button portal-button", text: "Manage this call",
                                   "aria-label": "Manage this call, " + P.dateTime(b.start) }) : null,
        ]);
      })));
    }
    children.push(el("h3", { text: "Past" }));
    if (!past.length) children.push(el("p", { text: "No past calls." }));
    else children.push(el("ul", { class: "portal-list portal-calls" }, past.map(function (b) {
      return el("li", { "data-booking-id": b.id }, [
        el("span", { class: "portal-call-time", text: P.callTime(b) }),
        b.status === "cancelled" ? el("span", { class: "portal-badge", "data-status": "canceled", text: "Cancelled" }) : null,
      ]);
    })));
    return section("account-calls", "Your calls", children);
  }

  function intakes(account, cat) {
    var list = (account.intakes || []).slice().sort(function (a, b) { return a.created_at < b.created_at ? 1 : -1; });
    if (!list.length) {
      return section("account-intakes", "Your questionnaire", [
        el("p", {}, ["You haven't sent the questionnaire yet. ", el("a", { href: "/intake/", text: "Start the questionnaire" })]),
      ]);
    }
    return section("account-intakes", "Your questionnaire", list.map(function (intake) {
      return el("article", { class: "portal-card", "data-intake-id": intake.id }, [
        el("h3", { text: "Sent on " + P.date(intake.created_at) }),
        P.facts([
          ["Status", intake.status === "reviewed" ? "Reviewed" : "Waiting to be reviewed"],
          ["Services", (intake.services || []).map(function (id) { return P.serviceName(cat.services, id); }).join(", ")],
          ["Hours a month", intake.hours_per_month === undefined ? "" : String(intake.hours_per_month)],
        ]),
        intake.answers ? el("details", { class: "portal-details" }, [
          el("summary", { text: "Your answers" }), P.intakeAnswers(intake.answers, cat),
        ]) : null,
      ]);
    }));
  }

  /* ------------------------------------------------------------------ data and signing out */

  function data(root) {
    var message = P.messageArea();
    var go = P.button("Download my data", function () {
      go.disabled = true;
      message.say("Preparing your data…");
      P.api("GET", "/api/me/export", { blob: true }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 200) {
          var name = P.saveBlob(answer.data, answer.headers, "my-data.json");
          message.say("Your data is downloading as " + name + ".", "done");
          return;
        }
        if (answer.status === 401) { P.signedOut(root, "Your session has ended. Sign in again to download your data."); return; }
        message.say(P.problem(answer, "Your data could not be downloaded."), "error");
      });
    });
    return section("account-data", "Your data", [
      el("p", { text: "Download a copy of everything we hold about you: your details, calls, questionnaires, invoices and hours, as one JSON file." }),
      el("p", { class: "portal-actions" }, [go]), message.node,
    ]);
  }

  function signOut(root) {
    var message = P.messageArea();
    function leave(path, done) {
      return function () {
        message.say("Signing out…");
        P.api("POST", path).then(function (answer) {
          if (answer.status === 204 || answer.status === 200 || answer.status === 401) {
            P.state(root, "signed-out", { title: "You're signed out", text: done,
                                           links: [["Sign in again", "/account/sign-in/"]], focus: true });
            return;
          }
          message.say(P.problem(answer, "Signing out did not work. Please try again."), "error");
        });
      };
    }
    return section("account-sign-out", "Sign out", [
      el("p", { id: "account-sign-out-everywhere-hint",
                text: "“Sign out everywhere” also ends your sessions in every other browser and device." }),
      el("p", { class: "portal-actions" }, [
        P.button("Sign out", leave("/api/auth/sign-out", "You're signed out on this device.")),
        P.button("Sign out everywhere", leave("/api/auth/sign-out-everywhere", "You're signed out on every device."),
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
      ["Signed in as " + (who ? who + " (" + (account.email || me.email) + ")" : (account.email || me.email)) + "."]));
    var nav = el("nav", { class: "portal-jump", "aria-label": "On this page" });
    root.appendChild(nav);
    var sections = [plan(account), hoursSection(hours, cat), invoices(account), calls(account),
                    intakes(account, cat), data(root), signOut(root)].filter(Boolean);
    nav.appendChild(el("ul", {}, sections.map(function (s) {
      return el("li", {}, [el("a", { href: "#" + s.id, text: s.querySelector("h2").textContent })]);
    })));
    sections.forEach(function (s) { root.appendChild(s); });
  }

  function load(root) {
    P.state(root, "loading", { text: "Loading your account…" });
    var retry = function () { load(root); };
    P.api("GET", "/api/me").then(function (me) {
      if (me.status === 401) { P.signedOut(root, "Sign in with the link we email you to see your plan, hours, invoices and calls."); return; }
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
