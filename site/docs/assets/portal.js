/* Shared helpers of the signed-in pages (sign-in, the client's account, the practice view):
 * building the DOM from text (createElement, textContent: never markup from data), calling the API
 * with clear errors, formatting dates, times, durations and money with Intl in the page's language,
 * and the loading / signed-out / error states.
 *
 * Loaded before sign-in.js, account.js and practice.js (site/mkdocs.yml, extra_javascript); they
 * read it as window.VaPortal. Nothing here runs by itself: each page script starts from document$.
 */
(function () {
  "use strict";

  var NETWORK_MESSAGE = "The connection failed. Please check your network and try again.";

  /* el("p", {class: "x", text: "hello", onclick: fn}, [child, "text", null]) */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === false || value === null || value === undefined) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.indexOf("on") === 0 && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* ------------------------------------------------------------------ the API */

  /* api("POST", "/api/me/extra-hours", {body: {...}} | {text: "...", contentType: "text/csv"}, headers?)
   * -> Promise of {status, data, headers}: status 0 when the network failed. Never rejects. */
  function api(method, path, options) {
    options = options || {};
    var init = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    Object.keys(options.headers || {}).forEach(function (k) { init.headers[k] = options.headers[k]; });
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    } else if (options.text !== undefined) {
      init.headers["Content-Type"] = options.contentType || "text/plain";
      init.body = options.text;
    }
    return fetch(path, init).then(function (response) {
      if (options.blob && response.ok) {
        return response.blob().then(function (blob) {
          return { status: response.status, data: blob, headers: response.headers };
        });
      }
      return response.text().then(function (text) {
        var data = {};
        if (text) { try { data = JSON.parse(text); } catch (e) { data = {}; } }
        return { status: response.status, data: data || {}, headers: response.headers };
      });
    }, function () {
      return { status: 0, data: { message: NETWORK_MESSAGE }, headers: null };
    });
  }

  /* The sentence to show for an answer that is not the one hoped for. */
  function problem(answer, fallback) {
    if (!answer || answer.status === 0) return NETWORK_MESSAGE;
    if (answer.status >= 500) {
      return "Something went wrong on our side (error " + answer.status + "). Please try again in a few minutes.";
    }
    if (answer.status === 429) return "Too many attempts from this network, please try again in a few minutes";
    return (answer.data && answer.data.message) || fallback || "That did not work. Please try again.";
  }

  /* A missing endpoint (the ledger before it lands): "No such endpoint", not a missing record. */
  function missingEndpoint(answer) {
    return answer.status === 404 && /no such endpoint/i.test((answer.data && answer.data.message) || "");
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  /* ------------------------------------------------------------------ formatting */

  function lang() { return document.documentElement.lang || undefined; }

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }

  function isDay(text) { return typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text); }

  /* A calendar day: "2026-05-01" is a day, not an instant, so it is shown in UTC where it starts. */
  function date(value) {
    if (!value) return "";
    var options = { year: "numeric", month: "short", day: "numeric" };
    if (isDay(value)) { options.timeZone = "UTC"; value = value + "T00:00:00Z"; }
    var when = new Date(value);
    return isNaN(when) ? String(value) : new Intl.DateTimeFormat(lang(), options).format(when);
  }

  function dateRange(start, end) {
    if (!start && !end) return "";
    return date(start) + " – " + date(end);
  }

  /* An instant, in a zone (the browser's by default). */
  function dateTime(value, zone) {
    if (!value) return "";
    var when = new Date(value);
    if (isNaN(when)) return String(value);
    var options = { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
    if (zone) options.timeZone = zone;
    try { return new Intl.DateTimeFormat(lang(), options).format(when); } catch (e) {
      delete options.timeZone;
      return new Intl.DateTimeFormat(lang(), options).format(when);
    }
  }

  function time(value, zone) {
    var options = { hour: "2-digit", minute: "2-digit" };
    if (zone) options.timeZone = zone;
    return new Intl.DateTimeFormat(lang(), options).format(new Date(value));
  }

  /* A call: its time in the viewer's zone, and in the call's own zone when that differs. */
  function callTime(booking) {
    var mine = browserZone();
    var text = dateTime(booking.start) + "–" + time(booking.end || booking.start);
    if (booking.timezone && booking.timezone !== mine) {
      text += " (" + time(booking.start, booking.timezone) + " " + booking.timezone.replace(/_/g, " ") + ")";
    }
    return text;
  }

  /* Minor units -> "$400" / "$42.50" / "¥5,000", in the page's language. */
  function money(amount, currency) {
    if (amount === null || amount === undefined) return "";
    var code = String(currency || "usd").toUpperCase();
    try {
      var digits = new Intl.NumberFormat(lang(), { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits;
      var major = amount / Math.pow(10, digits);
      return new Intl.NumberFormat(lang(), {
        style: "currency", currency: code, minimumFractionDigits: major % 1 === 0 ? 0 : digits,
      }).format(major);
    } catch (e) {
      return (amount / 100).toFixed(2) + " " + code;
    }
  }

  function number(value) { return new Intl.NumberFormat(lang()).format(value); }

  /* count(2, "entry", "entries") -> "2 entries" (the page's language: plural rules). */
  function count(n, one, other) {
    var rule = "other";
    try { rule = new Intl.PluralRules(lang()).select(n); } catch (e) { rule = n === 1 ? "one" : "other"; }
    return number(n) + " " + (rule === "one" ? one : other);
  }

  /* 90 -> "1 h 30 min"; 0 -> "0 min". */
  function duration(minutes) {
    minutes = Math.round(Number(minutes) || 0);
    var negative = minutes < 0;
    minutes = Math.abs(minutes);
    var h = Math.floor(minutes / 60), m = minutes % 60;
    var text;
    try {
      text = h && m ? unit(h, "hour") + " " + unit(m, "minute") : h ? unit(h, "hour") : unit(m, "minute");
    } catch (e) {
      text = (h ? h + " h " : "") + (m || !h ? m + " min" : "");
    }
    return (negative ? "−" : "") + text.trim();
  }

  function unit(value, name) {
    return new Intl.NumberFormat(lang(), { style: "unit", unit: name, unitDisplay: "short" }).format(value);
  }

  /* "90", "1:30", "1h30", "1h 30m", "1.5h", "45m", "2h" -> minutes; null when unreadable. */
  function parseDuration(text) {
    var s = String(text || "").trim().toLowerCase().replace(/\s+/g, "");
    var match;
    if (!s) return null;
    if ((match = /^(\d{1,4})(m|min|mins|minutes?)?$/.exec(s))) return Number(match[1]);
    if ((match = /^(\d{1,3}):([0-5]\d)$/.exec(s))) return Number(match[1]) * 60 + Number(match[2]);
    if ((match = /^(\d{1,3})(?:h|hr|hrs|hours?)(?:(\d{1,2})(?:m|min|mins|minutes?)?)?$/.exec(s))) {
      var extra = match[2] ? Number(match[2]) : 0;
      return extra < 60 ? Number(match[1]) * 60 + extra : null;
    }
    if ((match = /^(\d{1,3})[.,](\d{1,2})(?:h|hr|hrs|hours?)$/.exec(s))) {
      return Math.round(parseFloat(match[1] + "." + match[2]) * 60);
    }
    return null;
  }

  /* Today as YYYY-MM-DD in the browser's zone (the default of a date field). */
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* YYYY-MM-DD of an instant in a zone. */
  function dayIn(when, zone) {
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(when);
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  var RETAINER_STATUS = {
    active: "Active", past_due: "Payment past due", canceled: "Cancelled", cancelled: "Cancelled",
    incomplete: "Awaiting the first payment", none: "No retainer",
  };
  var INVOICE_STATUS = { paid: "Paid", open: "Open", draft: "Draft", void: "Void", uncollectible: "Uncollectible" };
  var SURCHARGE = { rush: "Rush", evenings_weekends: "Evenings and weekends" };

  function label(map, value, fallback) {
    if (value === null || value === undefined || value === "") return fallback === undefined ? "" : fallback;
    return map[value] || String(value).replace(/[_-]+/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  /* ------------------------------------------------------------------ the catalog (public) */

  var catalogPromise = null;
  function catalog() {
    if (!catalogPromise) {
      catalogPromise = api("GET", "/api/catalog").then(function (answer) {
        if (answer.status !== 200) { catalogPromise = null; return { services: [], tiers: [], currency: "usd" }; }
        return answer.data;
      });
    }
    return catalogPromise;
  }

  function serviceName(services, id) {
    var found = (services || []).filter(function (s) { return s.id === id; })[0];
    return found ? found.name : (id || "");
  }

  /* ------------------------------------------------------------------ building blocks */

  /* A polite live region; say(text, "error" | "done" | undefined). */
  function messageArea(extraClass) {
    var node = el("p", { class: "portal-message" + (extraClass ? " " + extraClass : ""), role: "status", "aria-live": "polite" });
    return {
      node: node,
      say: function (text, state) {
        node.textContent = text || "";
        if (state) node.setAttribute("data-state", state); else node.removeAttribute("data-state");
      },
    };
  }

  function button(text, onclick, opts) {
    opts = opts || {};
    return el("button", {
      type: opts.type || "button", class: "md-button portal-button" + (opts.primary ? " md-button--primary" : "")
        + (opts.danger ? " portal-button--danger" : "") + (opts.class ? " " + opts.class : ""),
      text: text, onclick: onclick, "aria-describedby": opts.describedBy, disabled: opts.disabled,
    });
  }

  /* A link styled as a button: a touch target as large as a button's. */
  function linkButton(text, href, primary) {
    return el("a", { class: "md-button portal-button" + (primary ? " md-button--primary" : ""), href: href, text: text });
  }

  /* A table with a caption in a scrollable, focusable region (so it never widens the page).
   * columns: [{title, cell: row -> Node | string, numeric?, nowrap?}] */
  function table(caption, columns, rows, opts) {
    opts = opts || {};
    var head = el("tr", {}, columns.map(function (c) {
      return el("th", { scope: "col", class: c.numeric ? "portal-num" : c.nowrap ? "portal-nowrap" : null, text: c.title });
    }));
    var body = el("tbody", {}, rows.map(function (row) {
      var tr = el("tr", { "data-id": opts.rowId ? opts.rowId(row) : null });
      columns.forEach(function (c, index) {
        var value = c.cell(row);
        var cell = el(index === 0 && opts.rowHeader ? "th" : "td", {
          class: c.numeric ? "portal-num" : c.nowrap ? "portal-nowrap" : null, scope: index === 0 && opts.rowHeader ? "row" : null,
        });
        if (value !== null && value !== undefined) {
          cell.appendChild(typeof value === "string" || typeof value === "number" ? document.createTextNode(String(value)) : value);
        }
        tr.appendChild(cell);
      });
      return tr;
    }));
    var captionNode = el("caption", { class: opts.hideCaption ? "portal-visually-hidden" : null, text: caption });
    return el("div", { class: "portal-table", role: "region", "aria-label": caption, tabindex: "0" }, [
      el("table", {}, [captionNode, el("thead", {}, [head]), body]),
    ]);
  }

  /* A definition list of [term, value] pairs (value: string or Node); empty values are skipped. */
  function facts(pairs, extraClass) {
    var list = el("dl", { class: "portal-facts" + (extraClass ? " " + extraClass : "") });
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") return;
      list.appendChild(el("div", { class: "portal-facts__row" }, [
        el("dt", { text: pair[0] }),
        el("dd", {}, [typeof pair[1] === "string" || typeof pair[1] === "number" ? String(pair[1]) : pair[1]]),
      ]));
    });
    return list;
  }

  /* A labelled field: <div><label/><hint/><control/><error/></div>; returns {node, control, error(text)}. */
  function field(id, text, control, hintText) {
    control.id = id;
    if (!control.name) control.name = id;
    var hint = hintText ? el("p", { class: "portal-hint", id: id + "-hint", text: hintText }) : null;
    var error = el("p", { class: "portal-field-error", id: id + "-error", hidden: true });
    control.setAttribute("aria-describedby", (hint ? id + "-hint " : "") + id + "-error");
    return {
      node: el("div", { class: "portal-field" }, [el("label", { for: id, text: text }), hint, control, error]),
      control: control,
      error: function (message) {
        error.textContent = message || "";
        error.hidden = !message;
        if (message) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
      },
    };
  }

  /* The whole-page states: loading, signed out, not allowed, error (with Try again). */
  function state(root, kind, opts) {
    opts = opts || {};
    root.textContent = "";
    root.setAttribute("aria-busy", kind === "loading" ? "true" : "false");
    var box = el("div", { class: "portal-state portal-state--" + kind, "data-portal-state": kind });
    if (kind === "loading") {
      box.appendChild(el("p", { role: "status", "aria-live": "polite", class: "portal-loading", text: opts.text || "Loading…" }));
      root.appendChild(box);
      return box;
    }
    var heading = el("h2", { tabindex: "-1", text: opts.title });
    box.appendChild(heading);
    if (opts.text) box.appendChild(el("p", { role: kind === "error" ? "alert" : null, text: opts.text }));
    var actions = el("p", { class: "portal-actions" });
    (opts.links || []).forEach(function (link, index) { actions.appendChild(linkButton(link[0], link[1], index === 0)); });
    if (opts.retry) actions.appendChild(button("Try again", opts.retry, { primary: !(opts.links || []).length }));
    if (actions.childNodes.length) box.appendChild(actions);
    root.appendChild(box);
    if (opts.focus) heading.focus();
    return box;
  }

  function signedOut(root, text) {
    return state(root, "signed-out", {
      title: "You're signed out",
      text: text || "Sign in with the link we email you to see this page.",
      links: [["Sign in", "/account/sign-in/"]],
    });
  }

  /* Download an API answer (a Blob) as a file, named from Content-Disposition when it has one. */
  function saveBlob(blob, headers, fallbackName) {
    var name = fallbackName;
    var disposition = headers && headers.get("Content-Disposition");
    var match = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    if (match) { try { name = decodeURIComponent(match[1]); } catch (e) { name = match[1]; } }
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name, class: "portal-visually-hidden", text: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
    return name;
  }

  /* ------------------------------------------------------------------ intake answers, readable */

  var ANSWER_LABELS = {
    name: "Name", email: "Email", phone: "Phone", company: "Company", role: "Role",
    services: "Services", hours_per_month: "Hours a month", preferred_tier: "Preferred plan",
    tools: "Tools", "tools.email": "Email", "tools.calendar": "Calendar", "tools.crm": "CRM",
    "tools.accounting": "Accounting", "tools.project_management": "Project management", "tools.other": "Other tools",
    working_hours: "Working hours", "working_hours.days": "Days", "working_hours.start": "From",
    "working_hours.end": "Until", timezone: "Time zone",
    communication: "Communication", "communication.channel": "Preferred channel",
    "communication.frequency": "How often", "communication.notes": "Notes",
    delegation: "Delegation rules", "delegation.spending_limit": "Spending limit without asking",
    "delegation.travel_booking": "May book travel", "delegation.send_as_client": "May send email as you",
    "delegation.escalate_when": "Escalate when", "delegation.tone": "Tone", "delegation.vip_contacts": "VIP contacts",
    access_needed: "Access needed", notes: "Notes",
  };
  var ANSWER_VALUES = {
    days: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
    channel: { email: "Email", phone: "Phone", video: "Video call", slack: "Slack", teams: "Microsoft Teams",
               whatsapp: "WhatsApp", sms: "Text message" },
    frequency: { daily: "Daily", "twice-weekly": "Twice a week", weekly: "Weekly", fortnightly: "Every two weeks",
                 monthly: "Monthly", "as-needed": "As needed" },
  };
  var HIDDEN_ANSWERS = { submission_id: true, website: true };

  function answerLabel(path) {
    if (ANSWER_LABELS[path]) return ANSWER_LABELS[path];
    var last = path.split(".").pop();
    return last.replace(/_/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  /* answers -> a <dl>, nested groups as nested lists; catalog gives service and tier names. */
  function intakeAnswers(answers, cat, prefix) {
    cat = cat || { services: [], tiers: [] };
    var pairs = [];
    Object.keys(answers || {}).forEach(function (key) {
      var path = prefix ? prefix + "." + key : key;
      var value = answers[key];
      if (HIDDEN_ANSWERS[key] || value === null || value === undefined || value === "") return;
      if (Array.isArray(value) && !value.length) return;
      var shown;
      if (key === "services" && Array.isArray(value)) {
        shown = value.map(function (id) { return serviceName(cat.services, id); }).join(", ");
      } else if (key === "preferred_tier") {
        var tier = (cat.tiers || []).filter(function (t) { return t.id === value; })[0];
        shown = tier ? tier.name : String(value);
      } else if (key === "spending_limit" && typeof value === "number") {
        shown = money(value, cat.currency);
      } else if (typeof value === "boolean") {
        shown = value ? "Yes" : "No";
      } else if (Array.isArray(value)) {
        shown = value.map(function (v) { return (ANSWER_VALUES[key] && ANSWER_VALUES[key][v]) || String(v); }).join(", ");
      } else if (typeof value === "object") {
        shown = intakeAnswers(value, cat, path);
        if (!shown.childNodes.length) return;
      } else {
        shown = (ANSWER_VALUES[key] && ANSWER_VALUES[key][value]) || String(value);
      }
      pairs.push([answerLabel(path), shown]);
    });
    return facts(pairs, prefix ? "portal-facts--nested" : "portal-facts--answers");
  }

  window.VaPortal = {
    el: el, api: api, problem: problem, missingEndpoint: missingEndpoint, newKey: newKey,
    lang: lang, browserZone: browserZone, date: date, dateRange: dateRange, dateTime: dateTime, time: time,
    callTime: callTime, money: money, number: number, count: count, duration: duration, parseDuration: parseDuration,
    today: today, dayIn: dayIn, label: label, RETAINER_STATUS: RETAINER_STATUS, INVOICE_STATUS: INVOICE_STATUS,
    SURCHARGE: SURCHARGE, catalog: catalog, serviceName: serviceName, messageArea: messageArea, button: button,
    linkButton: linkButton, table: table, facts: facts, field: field, state: state, signedOut: signedOut,
    saveBlob: saveBlob, intakeAnswers: intakeAnswers,
  };
})();
