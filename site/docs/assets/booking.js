/* Discovery-call booking: the "Book a call" page (#booking-app) and the private manage page
   (#manage-app), in the page's language (VaI18n; words in booking-core.js). The server enforces
   every rule; these pages only show what it answers. A booking made goes to its manage page with
   ?booked=1: the confirmation has its own address, so a reload shows it again.
   Material's instant navigation swaps pages without a reload, so all work starts in document$. */
(function () {
  "use strict";
  var B = window.VaBooking;
  var I = window.VaI18n;
  var el = B.el;

  function field(id, label, input, hint) {
    input.id = id;
    input.name = id.replace(/^booking-/, "");
    var children = [el("label", { for: id, text: label })];
    if (hint) {
      input.setAttribute("aria-describedby", id + "-hint");
      children.push(el("span", { id: id + "-hint", class: "booking-hint", text: hint }));
    }
    children.push(input);
    return el("p", { class: "booking-field" }, children);
  }

  function bookingApp(root) {
    var message = B.messageArea();
    var chosen = null;
    var key = null;
    var byPhone = false;
    var where = el("p", { class: "booking-where" });
    var summary = el("p", { class: "booking-chosen", text: I.t("book.pick_first") });
    var submit = el("button", { type: "submit", class: "md-button md-button--primary", text: I.t("book.submit"), disabled: "" });
    var name = el("input", { type: "text", autocomplete: "name", required: "", maxlength: "120" });
    var email = el("input", { type: "email", autocomplete: "email", required: "", maxlength: "254" });
    var phone = el("input", { type: "tel", autocomplete: "tel", maxlength: "40", inputmode: "tel" });
    var phoneField = field("booking-phone", I.t("book.phone"), phone, I.t("book.phone_hint"));
    phoneField.hidden = true;
    var notes = el("textarea", { rows: "3", maxlength: "2000" });
    var form = el("form", { class: "booking-form", novalidate: "" }, [
      summary,
      field("booking-name", I.t("book.name"), name),
      field("booking-email", I.t("book.email"), email),
      phoneField,
      field("booking-notes", I.t("book.notes"), notes),
      submit,
    ]);
    var picker = B.slotPicker({
      id: root.id,
      say: message.say,
      onMeeting: function (kind) {
        byPhone = kind === "phone";
        phoneField.hidden = !byPhone;
        if (byPhone) phone.setAttribute("required", ""); else phone.removeAttribute("required");
        where.textContent = I.t(byPhone ? "book.by_phone" : "book.video");
      },
      onRestart: function () {
        chosen = null;
        summary.textContent = I.t("book.pick_first");
        submit.setAttribute("disabled", "");
      },
      onPick: function (slot) {
        chosen = slot;
        key = B.newKey();  // a new choice is a new request; a retry of the same one reuses its key
        summary.textContent = I.t("book.choice", { when: B.formatWhen(slot.start, slot.end, picker.zone()) });
        submit.removeAttribute("disabled");
        message.say("");
      },
    });

    function refused(input, text) {
      input.setAttribute("aria-invalid", "true");
      message.say(text, true);
      input.focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      [name, email, phone].forEach(function (input) { input.removeAttribute("aria-invalid"); });
      if (!chosen) { message.say(I.t("book.pick_first_error"), true); return; }
      if (!name.value.trim()) { refused(name, I.t("book.missing")); return; }
      if (!email.value.trim() || !email.checkValidity()) { refused(email, I.t("book.missing")); return; }
      if (byPhone && !phone.value.trim()) { refused(phone, I.t("book.phone_missing")); return; }
      submit.setAttribute("disabled", "");
      message.say(I.t("book.booking"));
      var body = {
        name: name.value.trim(), email: email.value.trim(), notes: notes.value.trim() || null,
        start: chosen.start, timezone: picker.zone(),
      };
      if (byPhone) body.phone = phone.value.trim();
      B.api("POST", "/api/bookings", body, { "Idempotency-Key": key }).then(function (answer) {
        if (answer.status === 201) {
          // The confirmation's own address (the manage page, this origin): a reload shows it again.
          var manage = new URL(answer.data.manage_url, window.location.href);
          window.location.replace(manage.pathname + manage.search + "&booked=1");
          return;
        }
        if (answer.status === 409) {
          message.say(I.t("book.taken", { message: B.messageOf(answer.data, "book.failed") }), true);
          chosen = null;
          summary.textContent = I.t("book.pick_first");
          picker.reload();
          return;
        }
        submit.removeAttribute("disabled");
        var fields = (answer.data.detail || []).map(function (d) { return d.field; });
        var wrong = { name: name, email: email, phone: phone }[fields[0]];
        if (wrong) refused(wrong, B.messageOf(answer.data, "book.failed"));
        else message.say(B.messageOf(answer.data, "book.failed"), true);
      });
    });

    root.textContent = "";
    root.appendChild(el("h2", { text: I.t("book.pick") }));
    root.appendChild(where);
    root.appendChild(picker.root);
    root.appendChild(el("h2", { text: I.t("book.details") }));
    root.appendChild(form);
    root.appendChild(message.node);
    picker.start();
  }

  function manageApp(root) {
    var params = new URLSearchParams(window.location.search);
    var id = params.get("id") || "";
    var token = params.get("token") || "";
    var justBooked = params.get("booked") === "1";
    var message = B.messageArea();
    var details = el("div", { class: "booking-details" });
    var actions = el("div", { class: "booking-actions" });
    var current = null;
    root.textContent = "";
    root.appendChild(details);
    root.appendChild(actions);
    root.appendChild(message.node);
    if (!id || !token) {
      message.say(I.t("manage.needs_link"), true);
      return;
    }
    var path = "/api/bookings/" + encodeURIComponent(id);

    function whereOf(booking) {
      var location = booking.location || {};
      if (location.kind === "video" && location.url) {
        return el("p", { class: "booking-where" }, [
          document.createTextNode(I.t("manage.where_video")),
          el("a", { href: location.url, rel: "noopener", text: location.url }),
        ]);
      }
      if (location.kind === "phone") return el("p", { class: "booking-where", text: I.t("manage.where_phone", { phone: location.phone || "" }) });
      return null;
    }

    function show(booking, focusHeading) {
      current = booking;
      details.textContent = "";
      actions.textContent = "";
      var cancelled = booking.status === "cancelled";
      var heading = null;
      if (justBooked && !cancelled) {
        heading = el("h2", { tabindex: "-1", class: "booking-confirmed", text: I.t("manage.booked") });
        details.appendChild(heading);
        details.appendChild(el("p", { text: I.t("manage.sent") }));
      }
      details.appendChild(el("p", { class: "booking-status", text: I.t(cancelled ? "manage.status_cancelled" : "manage.status_booked") }));
      details.appendChild(el("p", { class: "booking-when", text: B.formatWhen(booking.start, booking.end, booking.timezone) }));
      var where = cancelled ? null : whereOf(booking);
      if (where) details.appendChild(where);
      var mine = B.detectedZone();
      if (mine !== booking.timezone) {
        details.appendChild(el("p", { text: I.t("manage.in_your_zone", { when: B.formatWhen(booking.start, booking.end, mine) }) }));
      }
      if (focusHeading && heading) heading.focus();
      if (cancelled) {
        actions.appendChild(el("p", {}, [el("a", { href: "../book/", text: I.t("manage.new_call") })]));
        return;
      }
      actions.appendChild(el("button", { type: "button", class: "md-button", text: I.t("manage.reschedule"), onclick: reschedule }));
      actions.appendChild(el("button", { type: "button", class: "md-button", text: I.t("manage.cancel"), onclick: confirmCancel }));
    }

    function reschedule() {
      actions.textContent = "";
      var confirmBox = el("div", { class: "booking-confirm-move" });
      var picker = B.slotPicker({
        id: root.id, say: message.say, onMeeting: function () {},
        onPick: function (slot) { confirmMove(confirmBox, slot, picker); },
      });
      actions.appendChild(el("h2", { text: I.t("manage.pick_new") }));
      actions.appendChild(picker.root);
      actions.appendChild(confirmBox);
      actions.appendChild(el("button", { type: "button", class: "md-button", text: I.t("manage.keep"), onclick: load }));
      picker.start();
    }

    /* The new time beside the current one, and nothing moves until the visitor says yes. */
    function confirmMove(box, slot, picker) {
      box.textContent = "";
      var zone = picker.zone();
      var yes = el("button", {
        type: "button", class: "md-button md-button--primary", text: I.t("manage.yes_move"),
        onclick: function () {
          if (yes.disabled) return;
          yes.disabled = true;
          message.say(I.t("manage.moving"));
          B.api("POST", path + "/reschedule", { token: token, start: slot.start }).then(function (answer) {
            yes.disabled = false;
            if (answer.status === 200) {
              show(answer.data);
              message.say(I.t("manage.moved"));
            } else {
              message.say(B.messageOf(answer.data, "manage.not_moved"), true);
              if (answer.status === 409) { box.textContent = ""; picker.reload(); }
            }
          });
        },
      });
      box.appendChild(el("p", { class: "booking-when", text: I.t("manage.confirm_move", { new: B.formatWhen(slot.start, slot.end, zone) }) }));
      box.appendChild(el("p", { text: I.t("manage.currently", { old: B.formatWhen(current.start, current.end, zone) }) }));
      box.appendChild(yes);
      yes.focus();
    }

    function confirmCancel() {
      actions.textContent = "";
      var yes = el("button", {
        type: "button", class: "md-button md-button--primary", text: I.t("manage.yes_cancel"),
        onclick: function () {
          // A double tap cancels once: a second request would answer "already cancelled" over the success.
          if (yes.disabled) return;
          yes.disabled = true;
          message.say(I.t("manage.cancelling"));
          B.api("POST", path + "/cancel", { token: token }).then(function (answer) {
            yes.disabled = false;
            if (answer.status === 200) {
              show(answer.data);
              message.say(I.t("manage.cancelled"));
            } else {
              message.say(B.messageOf(answer.data, "manage.not_cancelled"), true);
            }
          });
        },
      });
      actions.appendChild(el("p", { text: I.t("manage.confirm_cancel") }));
      actions.appendChild(yes);
      actions.appendChild(el("button", { type: "button", class: "md-button", text: I.t("manage.no_keep"), onclick: load }));
      yes.focus();
    }

    function load(first) {
      message.say("");
      return B.api("GET", path + "?token=" + encodeURIComponent(token)).then(function (answer) {
        if (answer.status === 200) show(answer.data, first === true);
        else message.say(B.messageOf(answer.data, "manage.not_loaded"), true);
      });
    }

    load(true);
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
