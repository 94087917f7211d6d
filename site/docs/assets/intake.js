/* The intake questionnaire (site/docs/intake.md, #intake-app).
 *
 * Services and tiers come from GET /api/catalog; answers go to POST /api/intake as JSON. Every
 * change is saved as a draft in localStorage (with the submission id, so a retry after a lost
 * answer is recognised by the server) and restored on load; the draft is cleared on success.
 * Every missing answer is named before sending, the server's 422 the same way (assets/intake-form.js).
 */
(function () {
  "use strict";

  var F = window.VaIntakeForm;  // assets/intake-form.js: values, draft, progress, checks, errors
  var el = F.el;

  var SECTIONS = [
    { id: "about", title: "You and your company" },
    { id: "services", title: "Services and hours" },
    { id: "tools", title: "Tools" },
    { id: "hours", title: "Working hours" },
    { id: "communication", title: "Communication" },
    { id: "delegation", title: "Delegation rules" },
    { id: "access", title: "Access and notes" },
  ];

  var DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"],
              ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];
  var CHANNELS = [["email", "Email"], ["phone", "Phone"], ["video", "Video call"], ["slack", "Slack"],
                  ["teams", "Microsoft Teams"], ["whatsapp", "WhatsApp"], ["sms", "Text message"]];
  var FREQUENCIES = [["daily", "Daily"], ["twice-weekly", "Twice a week"], ["weekly", "Weekly"],
                     ["fortnightly", "Every two weeks"], ["monthly", "Monthly"], ["as-needed", "As needed"]];

  function slug(name) { return "intake-" + name.replace(/[^a-z0-9]+/gi, "-"); }

  function errorSlot(name) {
    return el("p", { class: "intake__error", id: slug(name) + "-error", "data-error-for": name, hidden: true });
  }

  function hint(name, text) {
    return text ? el("p", { class: "intake__hint", id: slug(name) + "-hint", text: text }) : null;
  }

  function describedBy(name, hasHint) {
    return (hasHint ? slug(name) + "-hint " : "") + slug(name) + "-error";
  }

  /* A labelled input, textarea or select with its hint and error slot. */
  function field(name, label, opts) {
    opts = opts || {};
    var id = slug(name);
    var attrs = { id: id, name: name, "aria-describedby": describedBy(name, !!opts.hint),
                  required: !!opts.required, maxlength: opts.maxlength, autocomplete: opts.autocomplete || "off",
                  type: opts.type, min: opts.min, max: opts.max, step: opts.step, inputmode: opts.inputmode,
                  list: opts.list, rows: opts.rows, placeholder: opts.placeholder };
    var control;
    if (opts.options) {
      delete attrs.type;
      control = el("select", attrs, opts.options.map(function (o) {
        return el("option", { value: o[0], text: o[1] });
      }));
    } else if (opts.multiline) {
      delete attrs.type;
      control = el("textarea", attrs);
    } else {
      control = el("input", attrs);
    }
    var labelText = label + (opts.required ? "" : " (optional)");
    return el("div", { class: "intake__field" }, [
      el("label", { for: id, text: labelText }), hint(name, opts.hint), control, errorSlot(name),
    ]);
  }

  /* A group of checkboxes (or radios) in a fieldset with a legend; the error slot is the group's. */
  function choices(name, legend, items, opts) {
    opts = opts || {};
    var type = opts.radio ? "radio" : "checkbox";
    var boxes = items.map(function (item) {
      var id = slug(name + "-" + item[0]);
      return el("div", { class: "intake__choice" }, [
        el("input", { type: type, id: id, name: name, value: item[0], "data-tier-id": opts.tiers ? item[0] : null }),
        el("label", { for: id }, [el("span", { text: item[1] }), item[2] ? el("small", { text: item[2] }) : null]),
      ]);
    });
    return el("fieldset", { class: "intake__group", "aria-describedby": describedBy(name, !!opts.hint) },
      [el("legend", { text: legend })].concat([hint(name, opts.hint)], boxes, [errorSlot(name)]));
  }

  function section(index, children) {
    var spec = SECTIONS[index];
    return el("fieldset", { class: "intake__section", id: "intake-section-" + spec.id, "data-section": spec.id },
      [el("legend", { text: (index + 1) + ". " + spec.title })].concat(children));
  }

  function render(root, catalog) {
    var zones = (Intl.supportedValuesOf && Intl.supportedValuesOf("timeZone")) || [];
    var tiers = [["", "Not sure yet / hourly"]].concat(catalog.tiers.map(function (t) {
      return [t.id, t.name + " (" + t.hours_per_month + " hours a month)"];
    }));
    var progressList = el("ol", { class: "intake__steps" }, SECTIONS.map(function (s) {
      return el("li", { "data-step": s.id }, [el("a", { href: "#intake-section-" + s.id, text: s.title })]);
    }));
    var form = el("form", { class: "intake", "aria-labelledby": "intake-title", novalidate: true }, [
      el("h2", { id: "intake-title", text: "The questionnaire" }),
      el("div", { class: "intake__progress" }, [
        el("label", { for: "intake-progress", id: "intake-progress-label", text: "0 of 7 sections complete" }),
        el("progress", { id: "intake-progress", max: SECTIONS.length, value: 0 }),
        progressList,
      ]),
      el("div", { class: "intake__alert", id: "intake-alert", role: "alert", tabindex: "-1", hidden: true }),
      section(0, [
        field("name", "Your name", { required: true, maxlength: 120, autocomplete: "name" }),
        field("email", "Email", { required: true, type: "email", maxlength: 254, autocomplete: "email" }),
        field("phone", "Phone", { type: "tel", maxlength: 40, autocomplete: "tel" }),
        field("company", "Company", { maxlength: 160, autocomplete: "organization" }),
        field("role", "Your role", { maxlength: 120, autocomplete: "organization-title" }),
      ]),
      section(1, [
        choices("services", "Services you want", catalog.services.map(function (s) { return [s.id, s.name]; }),
                { hint: "Choose at least one." }),
        field("hours_per_month", "Hours a month you expect", { required: true, type: "number", min: 1, max: 200,
              step: 1, inputmode: "numeric" }),
        field("preferred_tier", "Preferred retainer", { options: tiers }),
      ]),
      section(2, [
        field("tools.email", "Email", { maxlength: 120, placeholder: "e.g. Gmail, Outlook" }),
        field("tools.calendar", "Calendar", { maxlength: 120, placeholder: "e.g. Google Calendar" }),
        field("tools.crm", "CRM", { maxlength: 120, placeholder: "e.g. HubSpot" }),
        field("tools.accounting", "Accounting", { maxlength: 120, placeholder: "e.g. Xero, QuickBooks" }),
        field("tools.project_management", "Project management", { maxlength: 120, placeholder: "e.g. Asana" }),
        field("tools.other", "Other tools", { maxlength: 500, multiline: true, rows: 2 }),
      ]),
      section(3, [
        choices("working_hours.days", "Working days", DAYS),
        el("div", { class: "intake__row" }, [
          field("working_hours.start", "Day starts", { required: true, type: "time" }),
          field("working_hours.end", "Day ends", { required: true, type: "time" }),
        ]),
        errorSlot("working_hours"),
        field("timezone", "Time zone", { required: true, maxlength: 64, list: "intake-zones",
              hint: "As in Europe/Madrid or America/New_York." }),
        el("datalist", { id: "intake-zones" }, zones.map(function (z) { return el("option", { value: z }); })),
      ]),
      section(4, [
        field("communication.channel", "Preferred channel", { required: true,
              options: [["", "Choose…"]].concat(CHANNELS) }),
        field("communication.frequency", "How often we check in", { required: true,
              options: [["", "Choose…"]].concat(FREQUENCIES) }),
        field("communication.notes", "Anything else about communication", { maxlength: 1000, multiline: true, rows: 2 }),
      ]),
      section(5, [
        field("delegation.spending_limit", "Spending limit without asking (" + catalog.currency.toUpperCase() + ")",
              { required: true, type: "number", min: 0, max: 1000000, step: "0.01", inputmode: "decimal",
                hint: "0 means ask before any purchase." }),
        el("div", { class: "intake__choice intake__choice--single" }, [
          el("input", { type: "checkbox", id: slug("delegation.travel_booking"), name: "delegation.travel_booking" }),
          el("label", { for: slug("delegation.travel_booking"), text: "I may book travel on your behalf" }),
          errorSlot("delegation.travel_booking"),
        ]),
        el("div", { class: "intake__choice intake__choice--single" }, [
          el("input", { type: "checkbox", id: slug("delegation.send_as_client"), name: "delegation.send_as_client" }),
          el("label", { for: slug("delegation.send_as_client"), text: "I may send email as you" }),
          errorSlot("delegation.send_as_client"),
        ]),
        field("delegation.escalate_when", "When to escalate to you", { maxlength: 2000, multiline: true, rows: 3 }),
        field("delegation.tone", "Tone to write in", { maxlength: 500, placeholder: "e.g. warm and brief" }),
        field("delegation.vip_contacts", "VIP contacts", { multiline: true, rows: 3,
              hint: "One per line: people whose messages always come first (at most 25)." }),
      ]),
      section(6, [
        field("access_needed", "Accounts I'll need", { maxlength: 2000, multiline: true, rows: 3,
              hint: "Never passwords: list the accounts, and you'll get an invitation to a shared vault in your password manager." }),
        field("notes", "Anything else", { maxlength: 2000, multiline: true, rows: 3 }),
      ]),
      // The honeypot: hidden from people and assistive technology; bots fill it in.
      el("div", { class: "intake__trap", "aria-hidden": "true" }, [
        el("label", { for: "intake-website", text: "Leave this empty" }),
        el("input", { id: "intake-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off" }),
      ]),
      el("p", { class: "intake__saved", id: "intake-saved", "aria-live": "polite" }),
      el("button", { type: "submit", class: "md-button md-button--primary", text: "Send the questionnaire" }),
    ]);
    root.replaceChildren(form);
    return form;
  }

  /* ------------------------------------------------------------------ wiring */

  function start(root) {
    root.dataset.ready = "loading";
    root.replaceChildren(el("p", { class: "intake__loading", text: "Loading the questionnaire…" }));
    fetch("/api/catalog", { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (catalog) { wire(root, render(root, catalog)); })
      .catch(function () {
        delete root.dataset.ready;
        root.replaceChildren(el("p", { class: "intake__alert", role: "alert",
          text: "The questionnaire could not load. Please reload the page, or email us." }));
      });
  }

  function wire(root, form) {
    root.dataset.ready = "true";
    var draft = F.loadDraft() || {};
    if (draft.values) F.writeValues(form, draft.values);
    var zone = form.querySelector('[name="timezone"]');
    if (!zone.value) {
      try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* leave empty */ }
    }
    var submissionId = draft.submission_id || F.newId();
    var saved = form.querySelector("#intake-saved");

    function persist(event) {
      if (event && event.target && event.target.name) F.clearErrorOf(form, event.target.name);
      // Nothing typed yet, nothing to announce: only an answer is a draft worth saying "saved" of.
      if (F.saveDraft({ submission_id: submissionId, values: F.readValues(form) }) && event) {
        saved.textContent = "Draft saved in this browser.";
      }
      F.updateProgress(form);
    }

    form.addEventListener("input", persist);
    form.addEventListener("change", persist);
    F.updateProgress(form);
    if (draft.values) saved.textContent = "Your saved draft was restored.";

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      F.clearErrors(form);
      var problems = F.check(form);
      if (problems.length) {
        var firstProblem = F.showErrors(form, problems.length === 1 ? "Please answer this question before sending:"
          : "Please answer these " + problems.length + " questions before sending:", problems);
        if (firstProblem) firstProblem.focus();
        return;
      }
      var button = form.querySelector('button[type="submit"]');
      if (button.disabled) return;  // a second click while sending sends nothing
      button.disabled = true;
      fetch("/api/intake", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(F.payload(F.readValues(form), submissionId)),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.status === 201) {
            F.clearDraft();
            var done = el("div", { class: "intake__done", role: "status", tabindex: "-1" }, [
              el("h2", { text: "Thank you: your questionnaire is in" }),
              el("p", { text: "A confirmation is on its way to your inbox, and I'll be in touch shortly." }),
              // The first 8 characters: enough to find it, short enough to read out on a call.
              el("p", {}, ["Reference: ", el("code", { "data-intake-id": body.id, text: F.shortReference(body.id) })]),
            ]);
            root.replaceChildren(done);
            done.focus();
            return;
          }
          var count = (body.detail || []).length;
          var message = response.status === 422
            ? (count === 1 ? "Please correct this answer:" : "Please correct these " + count + " answers:")
            : response.status < 500 && body.message ? body.message
            : "Something went wrong on our side. Your answers are saved in this browser; please try again in a minute.";
          var first = F.showErrors(form, message, response.status === 422 ? body.detail : []);
          if (first && first.focus && response.status === 422) first.focus();
        });
      }).catch(function () {
        F.showErrors(form, "The server could not be reached. Your answers are saved in this browser; please try again.", []);
      }).then(function () { button.disabled = false; });
    });
  }

  function boot() {
    var root = document.getElementById("intake-app");
    if (!root || root.dataset.ready) return;
    start(root);
  }

  if (typeof document$ !== "undefined") document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
