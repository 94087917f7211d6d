/* The intake questionnaire (site/docs/intake.md, #intake-app).
 *
 * Services and tiers come from GET /api/catalog; answers go to POST /api/intake as JSON. Every
 * change is saved as a draft in localStorage (with the submission id, so a retry after a lost
 * answer is recognised by the server) and restored on load; the draft is cleared on success.
 * The server's 422 messages are shown beside their fields.
 */
(function () {
  "use strict";

  var DRAFT_KEY = "va-intake-draft-v1";

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

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === false || value === null || value === undefined) return;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

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

  /* ------------------------------------------------------------------ values and the draft */

  function controls(form) {
    return Array.prototype.filter.call(form.elements, function (c) { return c.name && c.type !== "submit"; });
  }

  function readValues(form) {
    var values = {};
    controls(form).forEach(function (c) {
      if (c.type === "checkbox" && (c.name === "services" || c.name === "working_hours.days")) {
        values[c.name] = values[c.name] || [];
        if (c.checked) values[c.name].push(c.value);
      } else if (c.type === "checkbox") {
        values[c.name] = c.checked;
      } else {
        values[c.name] = c.value;
      }
    });
    return values;
  }

  function writeValues(form, values) {
    controls(form).forEach(function (c) {
      if (!(c.name in values) || c.name === "website") return;
      var value = values[c.name];
      if (c.type === "checkbox" && Array.isArray(value)) c.checked = value.indexOf(c.value) !== -1;
      else if (c.type === "checkbox") c.checked = !!value;
      else c.value = value;
    });
  }

  function shortReference(id) { return String(id || "").replace(/-/g, "").slice(0, 8).toUpperCase(); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT_KEY)) || null; } catch (e) { return null; }
  }

  function saveDraft(draft) {
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify(draft)); return true; } catch (e) { return false; }
  }

  function optional(text) {
    var trimmed = (text || "").trim();
    return trimmed === "" ? null : trimmed;
  }

  function number(text) {
    var trimmed = (text || "").trim();
    return trimmed === "" || isNaN(Number(trimmed)) ? trimmed || null : Number(trimmed);
  }

  /* The request body as the API expects it. */
  function payload(values, submissionId) {
    var limit = number(values["delegation.spending_limit"]);
    return {
      submission_id: submissionId,
      name: values.name.trim(),
      email: values.email.trim(),
      phone: optional(values.phone),
      company: optional(values.company),
      role: optional(values.role),
      services: values.services || [],
      hours_per_month: number(values.hours_per_month),
      preferred_tier: optional(values.preferred_tier),
      tools: {
        email: optional(values["tools.email"]), calendar: optional(values["tools.calendar"]),
        crm: optional(values["tools.crm"]), accounting: optional(values["tools.accounting"]),
        project_management: optional(values["tools.project_management"]), other: optional(values["tools.other"]),
      },
      working_hours: { days: values["working_hours.days"] || [], start: values["working_hours.start"],
                       end: values["working_hours.end"] },
      timezone: values.timezone.trim(),
      communication: { channel: values["communication.channel"], frequency: values["communication.frequency"],
                       notes: optional(values["communication.notes"]) },
      delegation: {
        // The form asks in major units (dollars); the API takes minor units (cents).
        spending_limit: typeof limit === "number" ? Math.round(limit * 100) : limit,
        travel_booking: !!values["delegation.travel_booking"],
        send_as_client: !!values["delegation.send_as_client"],
        escalate_when: optional(values["delegation.escalate_when"]),
        tone: optional(values["delegation.tone"]),
        vip_contacts: (values["delegation.vip_contacts"] || "").split("\n")
          .map(function (line) { return line.trim(); }).filter(Boolean),
      },
      access_needed: optional(values.access_needed),
      notes: optional(values.notes),
      website: values.website || "",
    };
  }

  /* ------------------------------------------------------------------ progress and errors */

  /* Complete: every required answer is valid and at least one answer is given. */
  function sectionComplete(fieldset) {
    if (fieldset.querySelector('[aria-invalid="true"], [data-error-for]:not([hidden])')) return false;
    var inputs = fieldset.querySelectorAll("input, select, textarea");
    var ok = Array.prototype.some.call(inputs, function (c) {
      return c.type === "checkbox" || c.type === "radio" ? c.checked : c.value.trim() !== "";
    });
    ok = ok && Array.prototype.every.call(inputs, function (c) {
      return c.type === "checkbox" || c.type === "radio" || c.checkValidity();
    });
    ["services", "working_hours.days"].forEach(function (group) {
      var boxes = fieldset.querySelectorAll('input[name="' + group + '"]');
      if (boxes.length && !fieldset.querySelector('input[name="' + group + '"]:checked')) ok = false;
    });
    return ok;
  }

  function updateProgress(form) {
    var done = 0;
    form.querySelectorAll(".intake__section").forEach(function (fieldset) {
      var complete = sectionComplete(fieldset);
      if (complete) done += 1;
      var step = form.querySelector('[data-step="' + fieldset.dataset.section + '"]');
      step.classList.toggle("is-complete", complete);
      step.querySelector("a").setAttribute("aria-label", step.textContent + (complete ? " (complete)" : ""));
    });
    form.querySelector("#intake-progress").value = done;
    form.querySelector("#intake-progress-label").textContent = done + " of " + SECTIONS.length + " sections complete";
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    var alert = form.querySelector("#intake-alert");
    alert.hidden = true;
    alert.replaceChildren();
  }

  /* The slot for a server field name: "working_hours.days.1" -> "working_hours.days", etc. */
  function slotFor(form, name) {
    var parts = name.split(".");
    while (parts.length) {
      var slot = form.querySelector('[data-error-for="' + parts.join(".") + '"]');
      if (slot) return slot;
      parts.pop();
    }
    return null;
  }

  /* The summary on top (every problem at once, each a link to its field, in the form's words)
     and each message beside its field. `detail` is the server's 422 shape: [{field, msg}]. */
  function showErrors(form, message, detail) {
    var alert = form.querySelector("#intake-alert");
    var list = el("ul");
    var first = null;
    (detail || []).forEach(function (d) {
      var slot = slotFor(form, d.field || "");
      var text = d.msg || "This value is not valid.";
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + text;
        slot.hidden = false;
        var control = form.querySelector('[name="' + slot.dataset.errorFor + '"]');
        if (control) control.setAttribute("aria-invalid", "true");
        var target = control || slot;
        first = first || target;
        var link = el("a", { href: "#" + target.id, text: labelOf(form, slot) + ": " + text });
        link.addEventListener("click", function (event) {
          // A fragment link only scrolls; the person wants to type: focus the field itself.
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        });
        list.appendChild(el("li", {}, [link]));
      } else {
        list.appendChild(el("li", { text: text }));
      }
    });
    alert.replaceChildren(el("p", { text: message }));
    if (list.children.length) alert.appendChild(list);
    alert.hidden = false;
    alert.focus();
    updateProgress(form);
    return first;
  }

  /* What the browser's own validation would say, for every field at once and in the form's words,
     plus the rules it cannot express (a service, a working day, a day that ends after it starts).
     The same [{field, msg}] shape as the server's 422 detail. */
  function check(form) {
    var problems = [];
    var reported = {};
    controls(form).forEach(function (c) {
      if (c.type === "checkbox" || c.type === "radio" || c.name === "website" || reported[c.name]) return;
      var v = c.validity;
      var msg = v.valueMissing ? "Please answer this question."
        : v.typeMismatch && c.type === "email" ? "Enter an email address, like name@company.com."
        : v.rangeUnderflow || v.rangeOverflow ? "Enter a number from " + c.min + " to " + c.max + "."
        : v.stepMismatch || v.badInput ? "Enter a number" + (c.step === "1" ? " without decimals." : ".")
        : v.tooLong ? "Please shorten this answer." : null;
      if (msg) { problems.push({ field: c.name, msg: msg }); reported[c.name] = true; }
    });
    if (!form.querySelector('[name="services"]:checked')) {
      problems.push({ field: "services", msg: "Choose at least one service." });
    }
    if (!form.querySelector('[name="working_hours.days"]:checked')) {
      problems.push({ field: "working_hours.days", msg: "Choose at least one working day." });
    }
    var start = form.querySelector('[name="working_hours.start"]').value;
    var end = form.querySelector('[name="working_hours.end"]').value;
    if (start && end && start >= end) {
      problems.push({ field: "working_hours", msg: "The working day must end after it starts." });
    }
    var order = controls(form).map(function (c) { return c.name; });
    var rank = function (p) { var i = order.indexOf(p.field); return i === -1 ? order.indexOf(p.field + ".end") : i; };
    return problems.sort(function (a, b) { return rank(a) - rank(b); });
  }

  /* A changed answer is no longer the refused one: its message goes, and the progress counts it again. */
  function clearErrorOf(form, name) {
    [name, name.replace(/\.(start|end)$/, "")].forEach(function (key) {
      var slot = form.querySelector('[data-error-for="' + key + '"]');
      if (slot) { slot.hidden = true; slot.textContent = ""; }
    });
    form.querySelectorAll('[name="' + name + '"][aria-invalid]').forEach(function (c) { c.removeAttribute("aria-invalid"); });
  }

  function labelOf(form, slot) {
    var name = slot.dataset.errorFor;
    var control = form.querySelector('[name="' + name + '"]');
    var label = control && form.querySelector('label[for="' + control.id + '"]');
    var group = slot.closest("fieldset");
    if (control && control.type !== "checkbox" && label) return label.textContent.replace(/ \(optional\)$/, "");
    return group ? group.querySelector("legend").textContent : name;
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
    var draft = loadDraft() || {};
    if (draft.values) writeValues(form, draft.values);
    var zone = form.querySelector('[name="timezone"]');
    if (!zone.value) {
      try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* leave empty */ }
    }
    var submissionId = draft.submission_id || newId();
    var saved = form.querySelector("#intake-saved");

    function persist(event) {
      if (event && event.target && event.target.name) clearErrorOf(form, event.target.name);
      // Nothing typed yet, nothing to announce: only an answer is a draft worth saying "saved" of.
      if (saveDraft({ submission_id: submissionId, values: readValues(form) }) && event) {
        saved.textContent = "Draft saved in this browser.";
      }
      updateProgress(form);
    }

    form.addEventListener("input", persist);
    form.addEventListener("change", persist);
    updateProgress(form);
    if (draft.values) saved.textContent = "Your saved draft was restored.";

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var problems = check(form);
      if (problems.length) {
        var firstProblem = showErrors(form, problems.length === 1 ? "Please answer this question before sending:"
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
        body: JSON.stringify(payload(readValues(form), submissionId)),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.status === 201) {
            try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* private mode */ }
            var done = el("div", { class: "intake__done", role: "status", tabindex: "-1" }, [
              el("h2", { text: "Thank you: your questionnaire is in" }),
              el("p", { text: "A confirmation is on its way to your inbox, and I'll be in touch shortly." }),
              // The first 8 characters: enough to find it, short enough to read out on a call.
              el("p", {}, ["Reference: ", el("code", { "data-intake-id": body.id, text: shortReference(body.id) })]),
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
          var first = showErrors(form, message, response.status === 422 ? body.detail : []);
          if (first && first.focus && response.status === 422) first.focus();
        });
      }).catch(function () {
        showErrors(form, "The server could not be reached. Your answers are saved in this browser; please try again.", []);
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
