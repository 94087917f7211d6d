/* What the booking scripts share (window.VaBooking): their words in every language, building nodes,
   calling the API in the page's language, and dates and times written with Intl in that language.
   Loaded after i18n.js and before booking-calendar.js, booking-zones.js, booking-picker.js, booking.js. */
(function () {
  "use strict";
  var I = window.VaI18n;

  I.add({
    en: {
      "book.pick": "Pick a day and a time",
      "book.details": "Your details",
      "book.name": "Your name",
      "book.email": "Your email",
      "book.phone": "Your phone number, with its country code",
      "book.phone_hint": "For example +1 212 555 0100. This call is by phone: I'll call you at this number.",
      "book.notes": "Anything I should know? (optional)",
      "book.submit": "Book this time",
      "book.pick_first": "Pick a time above.",
      "book.pick_first_error": "Please pick a time first.",
      "book.choice": "Your choice: {when}",
      "book.missing": "Please give your name and a valid email address.",
      "book.phone_missing": "Please give the phone number to call you at, with its country code.",
      "book.booking": "Booking…",
      "book.taken": "{message} Your details are kept: pick another time.",
      "book.failed": "Booking failed. Please try again.",
      "book.network": "The connection failed. Please check your network and try again.",
      "book.video": "By video call: the link to join comes in your confirmation email.",
      "book.by_phone": "By phone: I'll call you at the number you give below.",
      "zone.label": "Time zone",
      "zone.now": "{offset}, now {time} there",
      "zone.options": "Time zones",
      "zone.none": "No time zone matches. Try a city, such as Madrid.",
      "zone.count": "{n} time zones match.",
      "cal.prev": "Previous month",
      "cal.next": "Next month",
      "cal.legend": "Days with a dot have free times. Use the arrow keys to move between days.",
      "cal.free": "free times",
      "cal.none": "no free times",
      "times.loading": "Loading free times…",
      "times.heading": "Free times on {day}",
      "times.none_day": "No free times on this day. Pick a day with a dot.",
      "times.none": "No free times in this month. Try the next month, or email instead.",
      "times.error": "Free times could not be loaded. Please try again.",
      "manage.needs_link": "This page needs the private link from your confirmation email.",
      "manage.booked": "You're booked",
      "manage.sent": "A confirmation with a calendar invitation is on its way to your inbox. Keep this page's address: it is your private link to reschedule or cancel.",
      "manage.status_booked": "Booked",
      "manage.status_cancelled": "Cancelled",
      "manage.in_your_zone": "In your current time zone: {when}",
      "manage.where_video": "Where: a video call. Join at ",
      "manage.where_phone": "Where: a phone call to {phone}.",
      "manage.reschedule": "Reschedule",
      "manage.cancel": "Cancel booking",
      "manage.new_call": "Book a new call",
      "manage.pick_new": "Pick a new time",
      "manage.keep": "Keep the current time",
      "manage.confirm_move": "Move your call to {new}?",
      "manage.currently": "It is now {old}.",
      "manage.yes_move": "Yes, move it",
      "manage.moving": "Moving your call…",
      "manage.moved": "Your call is moved. An updated invitation is on its way.",
      "manage.not_moved": "The call could not be moved.",
      "manage.confirm_cancel": "Cancel this call?",
      "manage.yes_cancel": "Yes, cancel the call",
      "manage.no_keep": "No, keep it",
      "manage.cancelling": "Cancelling…",
      "manage.cancelled": "Your call is cancelled. A cancellation for your calendar is on its way.",
      "manage.not_cancelled": "The call could not be cancelled.",
      "manage.not_loaded": "This booking could not be loaded.",
    },
    es: {
      "book.pick": "Elige un día y una hora",
      "book.details": "Tus datos",
      "book.name": "Tu nombre",
      "book.email": "Tu correo electrónico",
      "book.phone": "Tu número de teléfono, con el código de país",
      "book.phone_hint": "Por ejemplo +52 55 1234 5678. Esta llamada es por teléfono: te llamaré a este número.",
      "book.notes": "¿Algo que deba saber? (opcional)",
      "book.submit": "Agendar esta hora",
      "book.pick_first": "Elige una hora arriba.",
      "book.pick_first_error": "Primero elige una hora.",
      "book.choice": "Elegiste: {when}",
      "book.missing": "Escribe tu nombre y un correo electrónico válido.",
      "book.phone_missing": "Escribe el número de teléfono al que te llamaré, con el código de país.",
      "book.booking": "Agendando…",
      "book.taken": "{message} Tus datos siguen aquí: elige otra hora.",
      "book.failed": "No se pudo agendar. Inténtalo de nuevo.",
      "book.network": "Falló la conexión. Revisa tu red e inténtalo de nuevo.",
      "book.video": "Por videollamada: el enlace para unirte llega en tu correo de confirmación.",
      "book.by_phone": "Por teléfono: te llamaré al número que me des abajo.",
      "zone.label": "Zona horaria",
      "zone.now": "{offset}, allá son las {time}",
      "zone.options": "Zonas horarias",
      "zone.none": "Ninguna zona horaria coincide. Prueba con una ciudad, como Bogota.",
      "zone.count": "{n} zonas horarias coinciden.",
      "cal.prev": "Mes anterior",
      "cal.next": "Mes siguiente",
      "cal.legend": "Los días con un punto tienen horarios libres. Usa las flechas para moverte entre los días.",
      "cal.free": "con horarios libres",
      "cal.none": "sin horarios libres",
      "times.loading": "Cargando horarios libres…",
      "times.heading": "Horarios libres el {day}",
      "times.none_day": "No hay horarios libres este día. Elige un día con punto.",
      "times.none": "No hay horarios libres este mes. Prueba el mes siguiente o escríbeme por correo.",
      "times.error": "No se pudieron cargar los horarios libres. Inténtalo de nuevo.",
      "manage.needs_link": "Esta página necesita el enlace privado de tu correo de confirmación.",
      "manage.booked": "Tu llamada está agendada",
      "manage.sent": "Te enviamos una confirmación con una invitación de calendario. Guarda la dirección de esta página: es tu enlace privado para cambiar la hora o cancelar.",
      "manage.status_booked": "Agendada",
      "manage.status_cancelled": "Cancelada",
      "manage.in_your_zone": "En tu zona horaria actual: {when}",
      "manage.where_video": "Dónde: por videollamada. Únete en ",
      "manage.where_phone": "Dónde: por teléfono, al {phone}.",
      "manage.reschedule": "Cambiar la hora",
      "manage.cancel": "Cancelar la llamada",
      "manage.new_call": "Agendar una nueva llamada",
      "manage.pick_new": "Elige una nueva hora",
      "manage.keep": "Mantener la hora actual",
      "manage.confirm_move": "¿Cambiar tu llamada al {new}?",
      "manage.currently": "Ahora es el {old}.",
      "manage.yes_move": "Sí, cambiarla",
      "manage.moving": "Cambiando tu llamada…",
      "manage.moved": "Tu llamada cambió de hora. Te enviamos una invitación actualizada.",
      "manage.not_moved": "No se pudo cambiar la hora de la llamada.",
      "manage.confirm_cancel": "¿Cancelar esta llamada?",
      "manage.yes_cancel": "Sí, cancelar la llamada",
      "manage.no_keep": "No, mantenerla",
      "manage.cancelling": "Cancelando…",
      "manage.cancelled": "Tu llamada quedó cancelada. Te enviamos una cancelación para tu calendario.",
      "manage.not_cancelled": "No se pudo cancelar la llamada.",
      "manage.not_loaded": "No se pudo cargar esta reserva.",
    },
  });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else if (key.indexOf("on") === 0) node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* A server message in the page's language: the server answers in the language asked for (a plain
     string); a {"en": ..., "es": ...} mapping is picked from here. */
  function pick(text) {
    if (text && typeof text === "object") return text[I.lang()] || text.en || "";
    return text || "";
  }

  /* The message of an answer: for a 422, each field's own message (what to do), else the message. */
  function messageOf(data, fallbackKey) {
    var detail = (data && data.detail) || [];
    if (detail.length) return detail.map(function (d) { return pick(d.msg); }).join(" ");
    return pick(data && data.message) || I.t(fallbackKey);
  }

  function api(method, path, body, headers) {
    var options = { method: method, headers: I.headers(Object.assign({ Accept: "application/json" }, headers || {})) };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { message: I.t("book.network") } };
    });
  }

  function detectedZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }

  // One formatter per zone and style: building an Intl.DateTimeFormat is slow, and a month of free
  // times formats a few hundred of them (Lighthouse counted it as blocking time on a phone).
  var formatters = {};
  function formatter(zone, options) {
    var key = I.lang() + zone + JSON.stringify(options);
    if (!formatters[key]) {
      formatters[key] = new Intl.DateTimeFormat(I.lang(), Object.assign({ timeZone: zone }, options));
    }
    return formatters[key];
  }

  /* YYYY-MM-DD of an instant in a zone. */
  function dayIn(date, zone) {
    var parts = formatter(zone, { year: "numeric", month: "2-digit", day: "2-digit", numberingSystem: "latn" })
      .formatToParts(date);
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function formatDay(iso, zone) {
    return formatter(zone, { weekday: "long", day: "numeric", month: "long" }).format(new Date(iso));
  }

  function formatTime(iso, zone) {
    return formatter(zone, { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  }

  function formatWhen(start, end, zone) {
    return formatDay(start, zone) + ", " + formatTime(start, zone) + "–" + formatTime(end, zone) +
      " (" + zone.replace(/_/g, " ") + ")";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function messageArea() {
    var area = el("div", { class: "booking-message", role: "status", "aria-live": "polite" });
    return {
      node: area,
      say: function (text, isError) {
        area.textContent = text || "";
        area.classList.toggle("booking-message--error", !!isError);
      },
    };
  }

  window.VaBooking = {
    el: el, pick: pick, messageOf: messageOf, api: api, detectedZone: detectedZone, formatter: formatter,
    dayIn: dayIn, formatDay: formatDay, formatTime: formatTime, formatWhen: formatWhen, newKey: newKey,
    messageArea: messageArea,
  };
})();
