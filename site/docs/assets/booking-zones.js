/* A searchable time-zone picker (VaBooking.zonePicker), built as WAI-ARIA's combobox with a listbox
   popup: type a city, region or offset ("Madrid", "tokyo", "+5:30"); arrows move through the
   matches (aria-activedescendant), Enter or a tap chooses, Escape closes and keeps the zone. Each
   match shows its current offset and the time there now (Intl.DateTimeFormat with timeZone). */
(function () {
  "use strict";
  var B = window.VaBooking;
  var I = window.VaI18n;
  var SHOWN = 40;  // matches listed at once: enough to scroll, few enough to format fast on a phone
  // Chromium's list keeps some zones under their old names: found and shown by today's name too.
  var RENAMED = {
    "Asia/Calcutta": "Kolkata", "Asia/Saigon": "Ho Chi Minh", "Europe/Kiev": "Kyiv", "Asia/Katmandu": "Kathmandu",
    "Asia/Rangoon": "Yangon", "Atlantic/Faeroe": "Faroe", "America/Godthab": "Nuuk", "Pacific/Truk": "Chuuk",
    "Pacific/Ponape": "Pohnpei", "Pacific/Enderbury": "Kanton", "Europe/Uzhgorod": "Uzhhorod",
  };

  function allZones(current) {
    var list = [];
    try { list = Intl.supportedValuesOf("timeZone").slice(); } catch (e) { list = []; }
    if (list.indexOf(current) < 0) list.unshift(current);
    if (list.indexOf("UTC") < 0) list.push("UTC");
    return list;
  }

  /* "UTC+11:00" for a zone now ("UTC" at zero). */
  function offsetOf(zone, now) {
    try {
      var parts = B.formatter(zone, { timeZoneName: "longOffset" }).formatToParts(now);
      var name = parts.filter(function (p) { return p.type === "timeZoneName"; })[0].value;
      return name.replace(/^GMT/, "UTC").replace("−", "-");
    } catch (e) { return "UTC"; }
  }

  /* Lower case, without accents or underscores: "Bogotá" finds America/Bogota. */
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/_/g, " ").toLowerCase();
  }

  function label(zone) { return zone.replace(/_/g, " ") + (RENAMED[zone] ? " (" + RENAMED[zone] + ")" : ""); }

  /* options: id, zone (the starting zone), onChange(zone). */
  function zonePicker(options) {
    var zones = allZones(options.zone);
    var current = options.zone;
    var listId = options.id + "-list";
    var input = B.el("input", {
      id: options.id, type: "text", class: "booking-tz-input", role: "combobox", autocomplete: "off",
      spellcheck: "false", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
      "aria-describedby": options.id + "-now",
    });
    var now = B.el("span", { id: options.id + "-now", class: "booking-tz-now" });
    var list = B.el("ul", { id: listId, role: "listbox", class: "booking-tz-list", "aria-label": I.t("zone.options"), hidden: "" });
    var count = B.el("span", { class: "booking-sr", role: "status", "aria-live": "polite" });
    var matches = [];
    var active = -1;
    var root = B.el("div", { class: "booking-tz" }, [
      B.el("label", { for: options.id, text: I.t("zone.label") }),
      B.el("div", { class: "booking-tz-box" }, [input, list]),
      now, count,
    ]);

    function describe() {
      input.value = current;
      var at = new Date();
      now.textContent = I.t("zone.now", { offset: offsetOf(current, at), time: B.formatTime(at.toISOString(), current) });
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close(keep) {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      if (!keep) describe();
    }

    function filter() {
      var words = plain(input.value.trim()).split(/\s+/).filter(Boolean);
      var at = new Date();
      var typed = input.value === current ? [] : words;  // opened on the zone as it is: show every zone
      matches = zones.filter(function (zone) {
        if (!typed.length) return true;
        var offset = plain(offsetOf(zone, at));  // "utc+05:30", also found as "+5:30"
        var text = plain(label(zone)) + " " + offset + " " + offset.replace(/([+-])0(\d)/, "$1$2");
        return typed.every(function (word) { return text.indexOf(word) >= 0; });
      });
      list.textContent = "";
      matches.slice(0, SHOWN).forEach(function (zone, index) {
        list.appendChild(B.el("li", {
          id: listId + "-" + index, role: "option", class: "booking-tz-option",
          "aria-selected": zone === current ? "true" : "false", "data-zone": zone,
        }, [
          B.el("span", { class: "booking-tz-name", text: label(zone) }),
          B.el("span", { class: "booking-tz-meta", text: offsetOf(zone, at) + " · " + B.formatTime(at.toISOString(), zone) }),
        ]));
      });
      if (!matches.length) list.appendChild(B.el("li", { class: "booking-tz-empty", role: "option", "aria-disabled": "true", text: I.t("zone.none") }));
      count.textContent = I.t("zone.count", { n: matches.length });
      highlight(typed.length ? 0 : Math.min(matches.indexOf(current), SHOWN - 1));
      open();
    }

    function highlight(index) {
      var items = list.querySelectorAll(".booking-tz-option");
      if (!items.length) { active = -1; return; }
      active = Math.max(0, Math.min(index, items.length - 1));
      items.forEach(function (item, i) { item.classList.toggle("booking-tz-option--active", i === active); });
      input.setAttribute("aria-activedescendant", items[active].id);
      var item = items[active];
      if (item.offsetTop < list.scrollTop) list.scrollTop = item.offsetTop;
      else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight;
      }
    }

    function choose(zone) {
      var changed = zone !== current;
      current = zone;
      close(false);
      if (changed) options.onChange(zone);
    }

    input.addEventListener("input", filter);
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("click", function () { if (list.hidden) filter(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) filter();
        else highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (list.hidden) return;
        if (active >= 0) choose(matches[active]);
      } else if (event.key === "Escape") {
        if (list.hidden) return;
        close(false);
      } else {
        return;
      }
      event.preventDefault();
    });
    input.addEventListener("blur", function () { if (!list.hidden) close(false); });
    // A press on an option must not blur the input first (that would close the list under the finger).
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest && event.target.closest("[data-zone]");
      if (option) choose(option.getAttribute("data-zone"));
    });

    describe();
    return { root: root, zone: function () { return current; } };
  }

  B.zonePicker = zonePicker;
})();
