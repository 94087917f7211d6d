/* The intake questionnaire's form logic (assets/intake.js builds the form and wires it): its values
 * and the draft kept in localStorage, the request body, the progress panel, the check of every
 * answer before sending and the error summary, in the page's language (assets/intake-words.js).
 * Shared as window.VaIntakeForm; loaded after dom.js and intake-words.js, before intake.js.
 */
(function () {
  "use strict";

  var DRAFT_KEY = "va-intake-draft-v1";

  var el = window.VaDom.el;  // assets/dom.js: the one DOM builder
  var t = window.VaI18n.t;  // the words: assets/intake-words.js

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
      step.querySelector("a").setAttribute("aria-label", step.textContent + (complete ? t("intake.complete") : ""));
    });
    form.querySelector("#intake-progress").value = done;
    form.querySelector("#intake-progress-label").textContent = t("intake.progress", {
      done: done, total: form.querySelectorAll(".intake__section").length,
    });
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
      var text = d.msg || t("intake.invalid");
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
      var msg = v.valueMissing ? t("intake.check.missing")
        : v.typeMismatch && c.type === "email" ? t("intake.check.email")
        : v.rangeUnderflow || v.rangeOverflow ? t("intake.check.range", { min: c.min, max: c.max })
        : v.stepMismatch || v.badInput ? t(c.step === "1" ? "intake.check.whole" : "intake.check.number")
        : v.tooLong ? t("intake.check.long") : null;
      if (msg) { problems.push({ field: c.name, msg: msg }); reported[c.name] = true; }
    });
    if (!form.querySelector('[name="services"]:checked')) {
      problems.push({ field: "services", msg: t("intake.check.services") });
    }
    if (!form.querySelector('[name="working_hours.days"]:checked')) {
      problems.push({ field: "working_hours.days", msg: t("intake.check.days") });
    }
    var start = form.querySelector('[name="working_hours.start"]').value;
    var end = form.querySelector('[name="working_hours.end"]').value;
    if (start && end && start >= end) {
      problems.push({ field: "working_hours", msg: t("intake.check.order") });
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
    if (control && control.type !== "checkbox" && label) {
      var suffix = t("intake.optional");
      var text = label.textContent;
      return text.slice(-suffix.length) === suffix ? text.slice(0, -suffix.length) : text;
    }
    return group ? group.querySelector("legend").textContent : name;
  }

  function clearDraft() {
    try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* private mode */ }
  }

  window.VaIntakeForm = {
    loadDraft: loadDraft, saveDraft: saveDraft, clearDraft: clearDraft, readValues: readValues,
    writeValues: writeValues, newId: newId, payload: payload, shortReference: shortReference,
    updateProgress: updateProgress, clearErrors: clearErrors, showErrors: showErrors, check: check,
    clearErrorOf: clearErrorOf,
  };
})();
