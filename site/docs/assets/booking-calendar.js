/* A month calendar of the days with free times (VaBooking.calendar), built as WAI-ARIA's date
   picker grid: a table with role=grid, one tab stop (roving tabindex) on the chosen or focused day,
   arrows move a day or a week, Home/End to the week's ends, PageUp/PageDown a month (with Shift a
   year), Enter or Space chooses; days without free times are aria-disabled; aria-selected marks the
   chosen one. Days are "YYYY-MM-DD" strings in the visitor's zone; the math uses UTC dates. */
(function () {
  "use strict";
  var B = window.VaBooking;
  var I = window.VaI18n;
  var DAY = 86400000;

  function toDate(day) { return new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10))); }
  function toDay(date) { return date.toISOString().slice(0, 10); }
  function addDays(day, n) { return toDay(new Date(toDate(day).getTime() + n * DAY)); }
  function monthOf(day) { return day.slice(0, 7); }
  function daysInMonth(month) { return new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate(); }
  function addMonths(day, n) {
    var date = toDate(day);
    var first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
    var month = toDay(first).slice(0, 7);
    var d = Math.min(date.getUTCDate(), daysInMonth(month));
    return month + "-" + (d < 10 ? "0" : "") + d;
  }
  function weekday(day) { return (toDate(day).getUTCDay() + 6) % 7; }  // Monday 0 ... Sunday 6

  var names = {};
  function nameOf(style, date) {
    var key = I.lang() + style;
    if (!names[key]) {
      var options = style === "month" ? { month: "long", year: "numeric" }
        : style === "day" ? { weekday: "long", day: "numeric", month: "long" }
        : { weekday: style };
      names[key] = new Intl.DateTimeFormat(I.lang(), Object.assign({ timeZone: "UTC" }, options));
    }
    return names[key].format(date);
  }

  /* options: id, onSelect(day), onMonth(month "YYYY-MM"). */
  function calendar(options) {
    var state = { month: null, first: null, last: null, free: null, selected: null, focused: null };
    var title = B.el("h3", { id: options.id + "-month", class: "booking-cal-title", "aria-live": "polite" });
    var prev = B.el("button", { type: "button", class: "booking-cal-nav md-button", "aria-label": I.t("cal.prev"), text: "‹" });
    var next = B.el("button", { type: "button", class: "booking-cal-nav md-button", "aria-label": I.t("cal.next"), text: "›" });
    var grid = B.el("table", { role: "grid", class: "booking-cal-grid", "aria-labelledby": title.id, id: options.id + "-grid" });
    var head = B.el("tr");
    for (var i = 0; i < 7; i++) {
      var monday = new Date(Date.UTC(2024, 0, 1 + i));  // 1 January 2024 was a Monday
      head.appendChild(B.el("th", { scope: "col", abbr: nameOf("long", monday), text: nameOf("short", monday) }));
    }
    grid.appendChild(B.el("thead", {}, [head]));
    var body = B.el("tbody");
    grid.appendChild(body);
    var root = B.el("div", { class: "booking-calendar" }, [
      B.el("div", { class: "booking-cal-head" }, [prev, title, next]),
      grid,
      B.el("p", { class: "booking-cal-legend", id: options.id + "-legend", text: I.t("cal.legend") }),
    ]);
    grid.setAttribute("aria-describedby", options.id + "-legend");

    function allowed(day) { return day >= state.first && day <= state.last; }
    function bookable(day) { return !!(state.free && state.free[day]); }

    function render(focusIt) {
      var month = state.month;
      var named = nameOf("month", toDate(month + "-01"));  // "noviembre de 2026": only its first letter up
      title.textContent = named.charAt(0).toUpperCase() + named.slice(1);
      prev.disabled = month <= monthOf(state.first);
      next.disabled = month >= monthOf(state.last);
      grid.setAttribute("aria-busy", state.free ? "false" : "true");
      var tabStop = state.focused && monthOf(state.focused) === month ? state.focused
        : state.selected && monthOf(state.selected) === month ? state.selected : month + "-01";
      body.textContent = "";
      var day = addDays(month + "-01", -weekday(month + "-01"));
      for (var row = 0; row < 6; row++) {
        var tr = B.el("tr");
        for (var col = 0; col < 7; col++, day = addDays(day, 1)) {
          if (monthOf(day) !== month) { tr.appendChild(B.el("td", { class: "booking-cal-out" })); continue; }
          var free = bookable(day);
          var cell = B.el("td", {
            tabindex: day === tabStop ? "0" : "-1",
            "data-date": day,
            "aria-selected": day === state.selected ? "true" : "false",
            "aria-disabled": free ? "false" : "true",
            class: "booking-cal-day" + (free ? " booking-cal-day--free" : ""),
          }, [
            B.el("span", { "aria-hidden": "true", text: String(+day.slice(8)) }),
            B.el("span", { class: "booking-sr", text: nameOf("day", toDate(day)) + ", " + I.t(free ? "cal.free" : "cal.none") }),
          ]);
          tr.appendChild(cell);
        }
        body.appendChild(tr);
      }
      if (focusIt) {
        var stop = body.querySelector('[tabindex="0"]');
        if (stop) stop.focus();
      }
    }

    /* Moves the focus (and the month on screen, when it leaves it) to `day`, kept within the window. */
    function moveTo(day) {
      if (day < state.first) day = state.first;
      if (day > state.last) day = state.last;
      state.focused = day;
      if (monthOf(day) !== state.month) {
        state.month = monthOf(day);
        state.free = null;
        render(true);
        options.onMonth(state.month);
      } else {
        render(true);
      }
    }

    function choose(day) {
      if (!bookable(day)) return;
      state.selected = state.focused = day;
      render(false);
      options.onSelect(day);
    }

    grid.addEventListener("keydown", function (event) {
      var day = event.target.getAttribute && event.target.getAttribute("data-date");
      if (!day) return;
      var moves = {
        ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7,
        Home: -weekday(day), End: 6 - weekday(day),
      };
      if (event.key in moves) moveTo(addDays(day, moves[event.key]));
      else if (event.key === "PageUp") moveTo(addMonths(day, event.shiftKey ? -12 : -1));
      else if (event.key === "PageDown") moveTo(addMonths(day, event.shiftKey ? 12 : 1));
      else if (event.key === "Enter" || event.key === " ") choose(day);
      else return;
      event.preventDefault();
    });
    grid.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest("td[data-date]");
      if (!cell) return;
      state.focused = cell.getAttribute("data-date");
      choose(state.focused);
      var stop = body.querySelector('td[data-date="' + state.focused + '"]');
      if (stop) stop.focus();
    });
    prev.addEventListener("click", function () { showMonth(monthOf(addMonths(state.month + "-01", -1))); });
    next.addEventListener("click", function () { showMonth(monthOf(addMonths(state.month + "-01", 1))); });

    function showMonth(month) {
      state.month = month;
      state.free = null;
      state.focused = null;
      render(false);
      options.onMonth(month);
    }

    return {
      root: root,
      /* The days that can be booked: from `first` (today in the visitor's zone) to `last`. */
      setWindow: function (first, last) { state.first = first; state.last = last; },
      showMonth: showMonth,
      month: function () { return state.month; },
      selected: function () { return state.selected; },
      /* The free days of `month` ({"YYYY-MM-DD": count}); `select` chooses one without a keypress. */
      setFree: function (month, free, select) {
        if (month !== state.month) return;
        state.free = free;
        if (select) { state.selected = select; state.focused = state.focused || select; }
        var hadFocus = grid.contains(document.activeElement);
        render(hadFocus);
      },
      clear: function () { state.selected = state.focused = state.free = null; },
    };
  }

  B.calendar = calendar;
  B.days = { add: addDays, month: monthOf, addMonths: addMonths };
})();
