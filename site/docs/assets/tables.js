// Material wraps each table of a page in a scrolling box (.md-typeset__scrollwrap). On a phone a wide
// table scrolls sideways inside it, and a keyboard can scroll it only if the box takes focus
// (WCAG 2.1.1; axe: scrollable-region-focusable): give each box that scrolls a tab stop and a name.
(function () {
  "use strict";

  window.VaI18n.add({
    en: { "tables.named": "{name} (table)", "tables.table": "Table" },
    es: { "tables.named": "{name} (tabla)", "tables.table": "Tabla" },
  });

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var heading = wrap.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    var name = caption || heading;
    return name ? window.VaI18n.t("tables.named", { name: name.textContent.replace(/¶$/, "").trim() }) : window.VaI18n.t("tables.table");
  }

  function focusableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { focusableTables(); });
    window.addEventListener("resize", focusableTables);
  }
})();
