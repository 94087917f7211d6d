/* The intake questionnaire (site/docs/intake.md, #intake-app).
 *
 * Services and tiers come from GET /api/catalog; answers go to POST /api/intake as JSON. Every
 * change is saved as a draft in localStorage (with the submission id, so a retry after a lost
 * answer is recognised by the server) and restored on load; the draft is cleared on success.
 * Every missing answer is named before sending, the server's 422 the same way (assets/intake-form.js).
 * Everything is in the page's language (assets/intake-words.js), and the server is asked for its
 * messages in it (Accept-Language): its 422s and 429s are shown as it words them.
 */
(function () {
  "use strict";

  var F = window.VaIntakeForm;  // assets/intake-form.js: values, draft, progress, checks, errors
  var el = window.VaDom.el;
  var t = window.VaI18n.t;  // the words: assets/intake-words.js
  var CHOICES = window.VaIntakeChoices;

  var SECTIONS = ["about", "services", "tools", "hours", "communication", "delegation", "access"];

  /* [[value, words]] of one of the questionnaire's choices. */
  function choiceList(kind) {
    return CHOICES[kind].map(function (value) { return [value, t("intake." + kind + "." + value)]; });
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
    var labelText = label + (opts.required ? "" : t("intake.optional"));
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
    var id = SECTIONS[index];
    return el("fieldset", { class: "intake__section", id: "intake-section-" + id, "data-section": id },
      [el("legend", { text: (index + 1) + ". " + t("intake.section." + id) })].concat(children));
  }

  function render(root, catalog) {
    var zones = (Intl.supportedValuesOf && Intl.supportedValuesOf("timeZone")) || [];
    var tiers = [["", t("intake.tier.none")]].concat(catalog.tiers.map(function (tier) {
      return [tier.id, t("intake.tier", { name: tier.name, hours: tier.hours_per_month })];
    }));
    var progressList = el("ol", { class: "intake__steps" }, SECTIONS.map(function (id) {
      return el("li", { "data-step": id }, [el("a", { href: "#intake-section-" + id, text: t("intake.section." + id) })]);
    }));
    var form = el("form", { class: "intake", "aria-labelledby": "intake-title", novalidate: true }, [
      el("h2", { id: "intake-title", text: t("intake.title") }),
      el("div", { class: "intake__progress" }, [
        el("label", { for: "intake-progress", id: "intake-progress-label", text: t("intake.progress", { done: 0, total: SECTIONS.length }) }),
        el("progress", { id: "intake-progress", max: SECTIONS.length, value: 0 }),
        progressList,
      ]),
      el("div", { class: "intake__alert", id: "intake-alert", role: "alert", tabindex: "-1", hidden: true }),
      section(0, [
        field("name", t("intake.name"), { required: true, maxlength: 120, autocomplete: "name" }),
        field("email", t("intake.email"), { required: true, type: "email", maxlength: 254, autocomplete: "email" }),
        field("phone", t("intake.phone"), { type: "tel", maxlength: 40, autocomplete: "tel" }),
        field("company", t("intake.company"), { maxlength: 160, autocomplete: "organization" }),
        field("role", t("intake.role"), { maxlength: 120, autocomplete: "organization-title" }),
      ]),
      section(1, [
        choices("services", t("intake.services"), catalog.services.map(function (s) { return [s.id, s.name]; }),
                { hint: t("intake.services.hint") }),
        field("hours_per_month", t("intake.hours_per_month"), { required: true, type: "number", min: 1, max: 200,
              step: 1, inputmode: "numeric" }),
        field("preferred_tier", t("intake.preferred_tier"), { options: tiers }),
      ]),
      section(2, [
        field("tools.email", t("intake.tools.email"), { maxlength: 120, placeholder: t("intake.tools.email.example") }),
        field("tools.calendar", t("intake.tools.calendar"), { maxlength: 120, placeholder: t("intake.tools.calendar.example") }),
        field("tools.crm", t("intake.tools.crm"), { maxlength: 120, placeholder: t("intake.tools.crm.example") }),
        field("tools.accounting", t("intake.tools.accounting"), { maxlength: 120, placeholder: t("intake.tools.accounting.example") }),
        field("tools.project_management", t("intake.tools.project_management"), { maxlength: 120, placeholder: t("intake.tools.project_management.example") }),
        field("tools.other", t("intake.tools.other"), { maxlength: 500, multiline: true, rows: 2 }),
      ]),
      section(3, [
        choices("working_hours.days", t("intake.days"), choiceList("days")),
        el("div", { class: "intake__row" }, [
          field("working_hours.start", t("intake.start"), { required: true, type: "time" }),
          field("working_hours.end", t("intake.end"), { required: true, type: "time" }),
        ]),
        errorSlot("working_hours"),
        field("timezone", t("intake.timezone"), { required: true, maxlength: 64, list: "intake-zones",
              hint: t("intake.timezone.hint") }),
        el("datalist", { id: "intake-zones" }, zones.map(function (z) { return el("option", { value: z }); })),
      ]),
      section(4, [
        field("communication.channel", t("intake.channel"), { required: true,
              options: [["", t("intake.choose")]].concat(choiceList("channel")) }),
        field("communication.frequency", t("intake.frequency"), { required: true,
              options: [["", t("intake.choose")]].concat(choiceList("frequency")) }),
        field("communication.notes", t("intake.communication.notes"), { maxlength: 1000, multiline: true, rows: 2 }),
      ]),
      section(5, [
        field("delegation.spending_limit", t("intake.spending_limit", { currency: catalog.currency.toUpperCase() }),
              { required: true, type: "number", min: 0, max: 1000000, step: "0.01", inputmode: "decimal",
                hint: t("intake.spending_limit.hint") }),
        el("div", { class: "intake__choice intake__choice--single" }, [
          el("input", { type: "checkbox", id: slug("delegation.travel_booking"), name: "delegation.travel_booking" }),
          el("label", { for: slug("delegation.travel_booking"), text: t("intake.travel_booking") }),
          errorSlot("delegation.travel_booking"),
        ]),
        el("div", { class: "intake__choice intake__choice--single" }, [
          el("input", { type: "checkbox", id: slug("delegation.send_as_client"), name: "delegation.send_as_client" }),
          el("label", { for: slug("delegation.send_as_client"), text: t("intake.send_as_client") }),
          errorSlot("delegation.send_as_client"),
        ]),
        field("delegation.escalate_when", t("intake.escalate_when"), { maxlength: 2000, multiline: true, rows: 3 }),
        field("delegation.tone", t("intake.tone"), { maxlength: 500, placeholder: t("intake.tone.example") }),
        field("delegation.vip_contacts", t("intake.vip_contacts"), { multiline: true, rows: 3,
              hint: t("intake.vip_contacts.hint") }),
      ]),
      section(6, [
        field("access_needed", t("intake.access_needed"), { maxlength: 2000, multiline: true, rows: 3,
              hint: t("intake.access_needed.hint") }),
        field("notes", t("intake.notes"), { maxlength: 2000, multiline: true, rows: 3 }),
      ]),
      // The honeypot: hidden from people and assistive technology; bots fill it in.
      el("div", { class: "intake__trap", "aria-hidden": "true" }, [
        el("label", { for: "intake-website", text: t("intake.trap") }),
        el("input", { id: "intake-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off" }),
      ]),
      el("p", { class: "intake__saved", id: "intake-saved", "aria-live": "polite" }),
      el("button", { type: "submit", class: "md-button md-button--primary", text: t("intake.send") }),
    ]);
    root.replaceChildren(form);
    return form;
  }

  /* ------------------------------------------------------------------ wiring */

  function start(root) {
    root.dataset.ready = "loading";
    root.replaceChildren(el("p", { class: "intake__loading", text: t("intake.loading") }));
    fetch("/api/catalog", { headers: window.VaI18n.headers({ Accept: "application/json" }) })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (catalog) { wire(root, render(root, catalog)); })
      .catch(function () {
        delete root.dataset.ready;
        root.replaceChildren(el("p", { class: "intake__alert", role: "alert",
          text: t("intake.load_failed") }));
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
        saved.textContent = t("intake.draft_saved");
      }
      F.updateProgress(form);
    }

    form.addEventListener("input", persist);
    form.addEventListener("change", persist);
    F.updateProgress(form);
    if (draft.values) saved.textContent = t("intake.draft_restored");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      F.clearErrors(form);
      var problems = F.check(form);
      if (problems.length) {
        var firstProblem = F.showErrors(form, window.VaFormat.count(problems.length, "intake.missing"), problems);
        if (firstProblem) firstProblem.focus();
        return;
      }
      var button = form.querySelector('button[type="submit"]');
      if (button.disabled) return;  // a second click while sending sends nothing
      button.disabled = true;
      fetch("/api/intake", {
        method: "POST",
        headers: window.VaI18n.headers({ "Content-Type": "application/json", Accept: "application/json" }),
        body: JSON.stringify(F.payload(F.readValues(form), submissionId)),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.status === 201) {
            F.clearDraft();
            var done = el("div", { class: "intake__done", role: "status", tabindex: "-1" }, [
              el("h2", { text: t("intake.done.title") }),
              el("p", { text: t("intake.done.text") }),
              // The first 8 characters: enough to find it, short enough to read out on a call.
              el("p", {}, [t("intake.done.reference"), el("code", { "data-intake-id": body.id, text: F.shortReference(body.id) })]),
            ]);
            root.replaceChildren(done);
            done.focus();
            return;
          }
          var count = (body.detail || []).length;
          var message = response.status === 422
            ? window.VaFormat.count(count, "intake.refused")
            : response.status < 500 && body.message ? body.message
            : t("intake.server");
          var first = F.showErrors(form, message, response.status === 422 ? body.detail : []);
          if (first && first.focus && response.status === 422) first.focus();
        });
      }).catch(function () {
        F.showErrors(form, t("intake.unreachable"), []);
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
