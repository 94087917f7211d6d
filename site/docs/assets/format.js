/* Dates, times, durations, numbers and money for the page scripts, with Intl in the page's language
 * (VaI18n.lang(), Spanish as es-419), and the names of the statuses the API sends (a retainer's, an
 * invoice's, a surcharge's).
 * Read as window.VaFormat (and through window.VaPortal on the signed-in pages). Loaded after i18n.js.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "status.retainer.active": "Active", "status.retainer.past_due": "Payment past due",
      "status.retainer.canceled": "Cancelled", "status.retainer.cancelled": "Cancelled",
      "status.retainer.incomplete": "Awaiting the first payment", "status.retainer.none": "No retainer",
      "status.invoice.paid": "Paid", "status.invoice.open": "Open", "status.invoice.draft": "Draft",
      "status.invoice.void": "Void", "status.invoice.uncollectible": "Uncollectible",
      "status.surcharge.rush": "Rush", "status.surcharge.evenings_weekends": "Evenings and weekends",
    },
    es: {
      "status.retainer.active": "Activo", "status.retainer.past_due": "Pago vencido",
      "status.retainer.canceled": "Cancelado", "status.retainer.cancelled": "Cancelado",
      "status.retainer.incomplete": "Esperando el primer pago", "status.retainer.none": "Sin plan mensual",
      "status.invoice.paid": "Pagada", "status.invoice.open": "Pendiente", "status.invoice.draft": "Borrador",
      "status.invoice.void": "Anulada", "status.invoice.uncollectible": "Incobrable",
      "status.surcharge.rush": "Urgente", "status.surcharge.evenings_weekends": "Noches y fines de semana",
    },
  });

  var KNOWN = {
    retainer: ["active", "past_due", "canceled", "cancelled", "incomplete", "none"],
    invoice: ["paid", "open", "draft", "void", "uncollectible"],
    surcharge: ["rush", "evenings_weekends"],
  };

  /* The Intl locale a language is written in: Spanish as in Latin America (es-419, neutral across the
   * region), as the server's emails write it (portal/formats.py); another language is its own locale. */
  var LOCALES = { es: "es-419" };

  function lang() {
    var code = window.VaI18n.lang();
    return LOCALES[code] || code;
  }

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

  /* "Monday, 7 December" in the page's language, in a zone. */
  function longDay(value, zone) {
    return new Intl.DateTimeFormat(lang(), { weekday: "long", day: "numeric", month: "long", timeZone: zone })
      .format(new Date(value));
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

  /* Minor units -> "$400" / "$42.50" / "¥5,000" ("USD 400" in Spanish), in the page's language. */
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

  /* count(2, "practice.clients") -> "2 clients": the words "<key>.one" and "<key>.other" with {n},
   * chosen by the page language's plural rules (a rule without words of its own takes "other"). */
  function count(n, key) {
    var rule = "other";
    try { rule = new Intl.PluralRules(lang()).select(n); } catch (e) { rule = n === 1 ? "one" : "other"; }
    return window.VaI18n.t(key + (rule === "one" ? ".one" : ".other"), { n: number(n) });
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
    if ((match = /^(\d{1,4})(m|min|mins|minutes?|minutos?)?$/.exec(s))) return Number(match[1]);
    if ((match = /^(\d{1,3}):([0-5]\d)$/.exec(s))) return Number(match[1]) * 60 + Number(match[2]);
    if ((match = /^(\d{1,3})(?:h|hr|hrs|hours?|horas?)(?:(\d{1,2})(?:m|min|mins|minutes?|minutos?)?)?$/.exec(s))) {
      var extra = match[2] ? Number(match[2]) : 0;
      return extra < 60 ? Number(match[1]) * 60 + extra : null;
    }
    if ((match = /^(\d{1,3})[.,](\d{1,2})(?:h|hr|hrs|hours?|horas?)$/.exec(s))) {
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

  /* label("retainer" | "invoice" | "surcharge", value, fallback): the status's name in the page's
   * language; a status the page has no words for is shown as the API wrote it, made readable. */
  function label(kind, value, fallback) {
    if (value === null || value === undefined || value === "") return fallback === undefined ? "" : fallback;
    if ((KNOWN[kind] || []).indexOf(value) !== -1) return window.VaI18n.t("status." + kind + "." + value);
    return String(value).replace(/[_-]+/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  window.VaFormat = {
    lang: lang, browserZone: browserZone, date: date, dateRange: dateRange, dateTime: dateTime, time: time,
    longDay: longDay, callTime: callTime, money: money, number: number, count: count, duration: duration,
    parseDuration: parseDuration, today: today, dayIn: dayIn, label: label,
  };
})();
