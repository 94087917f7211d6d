/* Picking a free time (VaBooking.slotPicker): the time-zone picker, the month calendar and the free
   times of the chosen day beside it (below it on a phone). Only the month on screen is asked of the
   API (/api/availability takes a range), and the next month is fetched meanwhile, so paging to it
   is instant. The first free day is chosen for the visitor; a new zone starts over. */
(function () {
  "use strict";
  var B = window.VaBooking;
  var I = window.VaI18n;
  var MAX_AHEAD_DAYS = 62;  // the API's longest range: the window until the first answer says its own

  /* options: id, onPick(slot), onMeeting(kind), say(text, isError). */
  function slotPicker(options) {
    var id = options.id;
    var cache = {};
    var today = null;
    var last = null;
    var autoPick = true;
    var meeting = null;
    var chosenStart = null;
    var dayTimes = {};  // the free times by day of the months loaded, in the zone on screen
    var zone = B.zonePicker({ id: id + "-tz", zone: B.detectedZone(), onChange: restart });
    var cal = B.calendar({ id: id + "-cal", onSelect: showDay, onMonth: function (month) { loadMonth(month); } });
    var heading = B.el("h3", { id: id + "-times-title", class: "booking-times-title" });
    var times = B.el("div", { class: "booking-slot-list", role: "group", "aria-labelledby": heading.id });
    var note = B.el("p", { class: "booking-times-note" });
    var panel = B.el("div", { class: "booking-times", "aria-busy": "true" }, [heading, note, times]);
    var root = B.el("div", { class: "booking-picker" }, [
      zone.root,
      B.el("div", { class: "booking-picker-main" }, [cal.root, panel]),
    ]);

    function endOf(month) { return B.days.add(B.days.addMonths(month + "-01", 1), -1); }

    /* The free times of `month`, by day: one request per zone and month, kept. */
    function fetchMonth(month) {
      var key = zone.zone() + "|" + month;
      if (cache[key]) return cache[key];
      var from = month + "-01" < today ? today : month + "-01";
      var to = endOf(month) > last ? last : endOf(month);
      if (from > to) return Promise.resolve({ ok: true, days: {} });
      cache[key] = B.api("GET", "/api/availability?from=" + from + "&to=" + to + "&tz=" + encodeURIComponent(zone.zone()))
        .then(function (answer) {
          if (answer.status !== 200) {
            delete cache[key];
            return { ok: false, message: B.messageOf(answer.data, "times.error") };
          }
          if (!meeting) {
            meeting = answer.data.meeting.kind;
            options.onMeeting(meeting);
          }
          var ahead = answer.data.booking_window_days;
          if (ahead && B.days.add(today, ahead) < last) {
            last = B.days.add(today, ahead);
            cal.setWindow(today, last);
          }
          var days = {};
          answer.data.slots.forEach(function (slot) {
            var day = slot.start.slice(0, 10);
            (days[day] = days[day] || []).push(slot);
          });
          return { ok: true, days: days };
        });
      return cache[key];
    }

    function loadMonth(month) {
      var asked = zone.zone();
      panel.setAttribute("aria-busy", "true");
      if (!cal.selected() || B.days.month(cal.selected()) !== month) {
        heading.textContent = I.t("times.loading");
        note.textContent = "";
        times.textContent = "";
      }
      return fetchMonth(month).then(function (found) {
        if (asked !== zone.zone() || month !== cal.month()) return;  // the visitor moved on meanwhile
        panel.setAttribute("aria-busy", "false");
        if (!found.ok) { options.say(found.message, true); heading.textContent = ""; return; }
        Object.keys(dayTimes).forEach(function (day) { if (B.days.month(day) === month) delete dayTimes[day]; });
        Object.assign(dayTimes, found.days);
        var free = {};
        Object.keys(found.days).forEach(function (day) { free[day] = found.days[day].length; });
        var first = Object.keys(free).sort()[0];
        var picked = cal.selected();
        if (picked && B.days.month(picked) === month && !free[picked]) autoPick = true;  // its last time went
        var following = B.days.month(B.days.addMonths(month + "-01", 1));
        if (autoPick && !first && following <= B.days.month(last)) {
          cal.showMonth(following);  // nothing left this month: the next one, and its first free day
          return;
        }
        cal.setFree(month, free, autoPick ? first : null);
        if (autoPick && first) { autoPick = false; showDay(first); }
        else if (cal.selected() && B.days.month(cal.selected()) === month) showDay(cal.selected());
        else empty(first ? "times.none_day" : "times.none");
        if (following <= B.days.month(last)) fetchMonth(following);  // prefetch: paging on is instant
      });
    }

    function empty(key) {
      heading.textContent = "";
      times.textContent = "";
      note.textContent = I.t(key);
    }

    function showDay(day) {
      var slots = dayTimes[day] || [];
      autoPick = false;
      if (!slots.length) { empty("times.none_day"); return; }
      heading.textContent = I.t("times.heading", { day: B.formatDay(slots[0].start, zone.zone()) });
      note.textContent = "";
      times.textContent = "";
      slots.forEach(function (slot) {
        times.appendChild(B.el("button", {
          type: "button", class: "booking-slot md-button", "data-start": slot.start,
          "aria-pressed": slot.start === chosenStart ? "true" : "false",
          text: B.formatTime(slot.start, zone.zone()),
          onclick: function (event) {
            times.querySelectorAll(".booking-slot").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
            event.currentTarget.setAttribute("aria-pressed", "true");
            chosenStart = slot.start;
            options.onPick(slot);
          },
        }));
      });
    }

    /* From the start: today in the (new) zone, its month, its first free day. */
    function restart() {
      cache = {};
      dayTimes = {};
      chosenStart = null;
      autoPick = true;
      today = B.dayIn(new Date(), zone.zone());
      last = B.days.add(today, MAX_AHEAD_DAYS);
      cal.setWindow(today, last);
      cal.clear();
      cal.showMonth(B.days.month(today));
      if (options.onRestart) options.onRestart();
    }

    /* After a 409: the month on screen asked again (the slot taken is gone), the chosen day kept. */
    function reload() {
      chosenStart = null;
      delete cache[zone.zone() + "|" + cal.month()];
      heading.textContent = I.t("times.loading");
      times.textContent = "";  // no time stays to be picked that the server just refused
      return loadMonth(cal.month());
    }

    return { root: root, zone: zone.zone, start: restart, reload: reload };
  }

  B.slotPicker = slotPicker;
})();
