/* Discovery-call booking: the "Book a call" page (#booking-app) and the private manage page
   (#manage-app). The server enforces every rule; this page only shows what it answers.
   Material's instant navigation swaps pages without a reload, so all work starts in document$. */
(function () {
  "use strict";

  var DAYS_AHEAD = 30;

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

  function detectedZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }

  function zones(current) {
    var list = [];
    try { list = Intl.supportedValuesOf("timeZone"); } catch (e) { list = []; }
    if (list.indexOf(current) < 0) list.unshift(current);
    if (list.indexOf("UTC") < 0) list.push("UTC");
    return list;
  }

  // YYYY-MM-DD of an instant in a zone.
  function dayIn(date, zone) {
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(date);
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  // One formatter per zone and style: building an Intl.DateTimeFormat is slow, and a month of free
  // times formats a few hundred of them (Lighthouse counted it as blocking time on a phone).
  var formatters = {};
  function formatter(zone, options) {
    var key = zone + JSON.stringify(options);
    if (!formatters[key]) formatters[key] = new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: zone }, options));
    return formatters[key];
  }

  function formatDay(iso, zone) {
    return formatter(zone, { weekday: "long", day: "numeric", month: "long" }).format(new Date(iso));
  }

  function formatTime(iso, zone) {
    return formatter(zone, { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  }

  function formatWhen(start, end, zone) {
    return formatDay(start, zone) + ", " + formatTime(start, zone) + "–" + formatTime(end, zone) + " (" + zone + ")";
  }

  function api(method, path, body, headers) {
    var options = { method: method, headers: Object.assign({ Accept: "application/json" }, headers || {}) };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { message: "The connection failed. Please check your network and try again." } };
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  /* A time-zone select and a list of free slots grouped by day; calls onPick(slot). */
  function slotPicker(container, onPick, say) {
    var zone = detectedZone();
    var select = el("select", { id: container.id + "-tz", class: "booking-tz" });
    zones(zone).forEach(function (name) {
      var option = el("option", { value: name, text: name.replace(/_/g, " ") });
      if (name === zone) option.selected = true;
      select.appendChild(option);
    });
    var list = el("div", { class: "booking-days", "aria-busy": "true" });
    var picker = {
      zone: function () { return select.value; },
      reload: load,
      root: el("div", { class: "booking-picker" }, [
        el("p", { class: "booking-tz-row" }, [
          el("label", { for: select.id, text: "Times are shown in your time zone: " }), select]),
        list,
      ]),
    };
    select.addEventListener("change", load);

    function load() {
      var now = new Date();
      var from = dayIn(now, select.value);
      var to = dayIn(new Date(now.getTime() + DAYS_AHEAD * 86400000), select.value);
      list.setAttribute("aria-busy", "true");
      list.textContent = "Loading free times…";
      return api("GET", "/api/availability?from=" + from + "&to=" + to + "&tz=" + encodeURIComponent(select.value))
        .then(function (answer) {
          list.textContent = "";
          list.setAttribute("aria-busy", "false");
          if (answer.status !== 200) {
            say(answer.data.message || "Free times could not be loaded. Please try again.", true);
            return;
          }
          render(answer.data.slots);
        });
    }

    function render(slots) {
      if (!slots.length) {
        list.appendChild(el("p", { text: "No free times in the next " + DAYS_AHEAD + " days. Please email instead." }));
        return;
      }
      var groups = {};
      var order = [];
      slots.forEach(function (slot) {
        var day = slot.start.slice(0, 10);
        if (!groups[day]) { groups[day] = []; order.push(day); }
        groups[day].push(slot);
      });
      order.forEach(function (day, index) {
        var headingId = container.id + "-day-" + index;
        var buttons = groups[day].map(function (slot) {
          return el("button", {
            type: "button", class: "booking-slot md-button", "data-start": slot.start, "aria-pressed": "false",
            text: formatTime(slot.start, select.value),
            onclick: function (event) {
              list.querySelectorAll(".booking-slot").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
              event.currentTarget.setAttribute("aria-pressed", "true");
              onPick(slot);
            },
          });
        });
        list.appendChild(el("section", { class: "booking-day", "aria-labelledby": headingId }, [
          el("h3", { id: headingId, text: formatDay(groups[day][0].start, select.value) }),
          el("div", { class: "booking-slot-list", role: "group", "aria-labelledby": headingId }, buttons),
        ]));
      });
    }

    return picker;
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

  function field(id, label, input) {
    input.id = id;
    input.name = id.replace(/^booking-/, "");
    return el("p", { class: "booking-field" }, [el("label", { for: id, text: label }), input]);
  }

  function bookingApp(root) {
    var message = messageArea();
    var chosen = null;
    var key = null;
    var summary = el("p", { class: "booking-chosen", text: "Pick a time above." });
    var submit = el("button", { type: "submit", class: "md-button md-button--primary", text: "Book this time", disabled: "" });
    var name = el("input", { type: "text", autocomplete: "name", required: "", maxlength: "120" });
    var email = el("input", { type: "email", autocomplete: "email", required: "", maxlength: "254" });
    var notes = el("textarea", { rows: "3", maxlength: "2000" });
    var form = el("form", { class: "booking-form", novalidate: "" }, [
      summary,
      field("booking-name", "Your name", name),
      field("booking-email", "Your email", email),
      field("booking-notes", "Anything I should know? (optional)", notes),
      submit,
    ]);
    var picker = slotPicker(root, function (slot) {
      chosen = slot;
      key = newKey();  // a new choice is a new request; a retry of the same one reuses its key
      summary.textContent = "Your choice: " + formatWhen(slot.start, slot.end, picker.zone());
      submit.removeAttribute("disabled");
      message.say("");
    }, message.say);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!chosen) { message.say("Please pick a time first.", true); return; }
      if (!name.value.trim() || !email.value.trim() || !email.checkValidity()) {
        message.say("Please give your name and a valid email address.", true);
        (name.value.trim() ? email : name).focus();
        return;
      }
      submit.setAttribute("disabled", "");
      message.say("Booking…");
      api("POST", "/api/bookings", {
        name: name.value.trim(), email: email.value.trim(), notes: notes.value.trim() || null,
        start: chosen.start, timezone: picker.zone(),
      }, { "Idempotency-Key": key }).then(function (answer) {
        if (answer.status === 201) { confirmed(answer.data); return; }
        if (answer.status === 409) {
          message.say((answer.data.message || "That slot was just taken.") + " Your details are kept: pick another time.", true);
          chosen = null;
          summary.textContent = "Pick a time above.";
          picker.reload();
          return;
        }
        submit.removeAttribute("disabled");
        message.say(answer.data.message || "Booking failed. Please try again.", true);
      });
    });

    function confirmed(booking) {
      root.textContent = "";
      var heading = el("h2", { tabindex: "-1", text: "You're booked" });
      root.appendChild(el("div", { class: "booking-confirmation" }, [
        heading,
        el("p", { class: "booking-when", text: formatWhen(booking.start, booking.end, booking.timezone) }),
        el("p", { text: "A confirmation with a calendar invitation is on its way to your inbox." }),
        el("p", {}, [
          document.createTextNode("To reschedule or cancel, keep this private link: "),
          el("a", { href: booking.manage_url, class: "booking-manage-link", text: "manage your booking" }),
        ]),
      ]));
      heading.focus();
    }

    root.textContent = "";
    root.appendChild(el("h2", { text: "Pick a time" }));
    root.appendChild(picker.root);
    root.appendChild(el("h2", { text: "Your details" }));
    root.appendChild(form);
    root.appendChild(message.node);
    picker.reload();
  }

  function manageApp(root) {
    var params = new URLSearchParams(window.location.search);
    var id = params.get("id") || "";
    var token = params.get("token") || "";
    var message = messageArea();
    var details = el("div", { class: "booking-details" });
    var actions = el("div", { class: "booking-actions" });
    root.textContent = "";
    root.appendChild(details);
    root.appendChild(actions);
    root.appendChild(message.node);
    if (!id || !token) {
      message.say("This page needs the private link from your confirmation email.", true);
      return;
    }
    var path = "/api/bookings/" + encodeURIComponent(id);

    function show(booking) {
      details.textContent = "";
      actions.textContent = "";
      var cancelled = booking.status === "cancelled";
      details.appendChild(el("p", { class: "booking-status", text: cancelled ? "Cancelled" : "Booked" }));
      details.appendChild(el("p", { class: "booking-when", text: formatWhen(booking.start, booking.end, booking.timezone) }));
      var mine = detectedZone();
      if (mine !== booking.timezone) {
        details.appendChild(el("p", { text: "In your current time zone: " + formatWhen(booking.start, booking.end, mine) }));
      }
      if (cancelled) {
        actions.appendChild(el("p", {}, [el("a", { href: "../book/", text: "Book a new call" })]));
        return;
      }
      actions.appendChild(el("button", { type: "button", class: "md-button", text: "Reschedule", onclick: reschedule }));
      actions.appendChild(el("button", { type: "button", class: "md-button", text: "Cancel booking", onclick: confirmCancel }));
    }

    function reschedule() {
      actions.textContent = "";
      var picker = slotPicker(root, function (slot) {
        message.say("Moving your call…");
        api("POST", path + "/reschedule", { token: token, start: slot.start }).then(function (answer) {
          if (answer.status === 200) {
            show(answer.data);
            message.say("Your call is moved. An updated invitation is on its way.");
          } else {
            message.say(answer.data.message || "The call could not be moved.", true);
            if (answer.status === 409) picker.reload();
          }
        });
      }, message.say);
      actions.appendChild(el("h2", { text: "Pick a new time" }));
      actions.appendChild(picker.root);
      actions.appendChild(el("button", { type: "button", class: "md-button", text: "Keep the current time", onclick: load }));
      picker.reload();
    }

    function confirmCancel() {
      actions.textContent = "";
      var yes = el("button", {
        type: "button", class: "md-button md-button--primary", text: "Yes, cancel the call",
        onclick: function () {
          // A double tap cancels once: a second request would answer "already cancelled" over the success.
          if (yes.disabled) return;
          yes.disabled = true;
          message.say("Cancelling…");
          api("POST", path + "/cancel", { token: token }).then(function (answer) {
            yes.disabled = false;
            if (answer.status === 200) {
              show(answer.data);
              message.say("Your call is cancelled. A cancellation for your calendar is on its way.");
            } else {
              message.say(answer.data.message || "The call could not be cancelled.", true);
            }
          });
        },
      });
      actions.appendChild(el("p", { text: "Cancel this call?" }));
      actions.appendChild(yes);
      actions.appendChild(el("button", { type: "button", class: "md-button", text: "No, keep it", onclick: load }));
      yes.focus();
    }

    function load() {
      message.say("");
      return api("GET", path + "?token=" + encodeURIComponent(token)).then(function (answer) {
        if (answer.status === 200) show(answer.data);
        else message.say(answer.data.message || "This booking could not be loaded.", true);
      });
    }

    load();
  }

  function start() {
    var booking = document.getElementById("booking-app");
    if (booking && !booking.dataset.ready) { booking.dataset.ready = "1"; bookingApp(booking); }
    var manage = document.getElementById("manage-app");
    if (manage && !manage.dataset.ready) { manage.dataset.ready = "1"; manageApp(manage); }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();
