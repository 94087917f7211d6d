/* The one DOM builder of the page scripts, and the address of a page in the page's own language.
 * Text goes in with textContent, never as markup, so nothing from the API or the catalog can inject.
 *
 *   VaDom.el("p", {class: "x", text: "hello", onclick: fn}, [child, "text", null])
 *   VaDom.say(statusNode, "Saved.", "done")
 *   VaDom.pageUrl("/account/")   // "/es/account/" on a page under /es/, "/account/" at the root
 *
 * Loaded right after i18n.js (site/mkdocs.yml, extra_javascript): the intake and portal scripts read it.
 */
(function () {
  "use strict";

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
      if (child === null || child === undefined || child === false || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A status line's text and state ("error" | "done" | none), for the live regions of the forms. */
  function say(node, text, state) {
    if (!node) return;
    node.textContent = text || "";
    if (state) node.setAttribute("data-state", state); else node.removeAttribute("data-state");
  }

  /* An error with the way out after it: "<text> <a href>label</a>". */
  function sayWithLink(node, text, href, label) {
    say(node, text + " ", "error");
    node.appendChild(el("a", { href: href, text: label }));
  }

  /* The site keeps its default language at the root and every other under /<code>/ (brand.yaml):
   * a page whose address starts with its own language's folder links inside that folder. */
  function languageRoot() {
    var code = window.VaI18n ? window.VaI18n.lang() : "en";
    var folder = "/" + code + "/";
    return window.location.pathname.indexOf(folder) === 0 ? "/" + code : "";
  }

  /* "/account/" -> the same page in this page's language ("/es/account/"); "#x" and "?q" stay attached. */
  function pageUrl(path) {
    return languageRoot() + path;
  }

  window.VaDom = { el: el, say: say, sayWithLink: sayWithLink, pageUrl: pageUrl, languageRoot: languageRoot };
})();
