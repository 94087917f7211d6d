/* Shared helpers of the signed-in pages (sign-in, the client's account, the practice view): calling
 * the API in the page's language with clear errors, the public catalog, and the building blocks
 * (tables, facts, fields, the loading / signed-out / error states) made from text, never markup.
 *
 * Loaded after i18n.js, dom.js and format.js and before sign-in.js, account.js and practice*.js
 * (site/mkdocs.yml, extra_javascript); they read it as window.VaPortal, which also carries
 * VaDom.el and VaFormat's dates, times, durations and money. Nothing here runs by itself.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "portal.network": "The connection failed. Please check your network and try again.",
      "portal.server": "Something went wrong on our side (error {status}). Please try again in a few minutes.",
      "portal.too_many": "Too many attempts from this network, please try again in a few minutes",
      "portal.failed": "That did not work. Please try again.",
      "portal.loading": "Loading…", "portal.try_again": "Try again",
      "portal.signed_out.title": "You're signed out",
      "portal.signed_out.text": "Sign in with the link we email you to see this page.",
      "portal.sign_in": "Sign in", "portal.sign_in_again": "Sign in again", "portal.signing_out": "Signing out…",
      "portal.signed_out_here": "You're signed out on this device.", "portal.signed_in_as": "Signed in as {who}.",
      "portal.who": "{name} ({email})", "portal.cancelled": "Cancelled", "portal.close": "Close",
      "portal.col.invoice": "Invoice", "portal.col.date": "Date", "portal.col.amount": "Amount",
      "portal.col.status": "Status", "portal.col.details": "Details", "portal.view_invoice": "View invoice",
      "portal.view_invoice_number": "View invoice {number}", "portal.billing_opening": "Opening Stripe's billing portal…",
    },
    es: {
      "portal.network": "No se pudo conectar. Revisa tu conexión e inténtalo de nuevo.",
      "portal.server": "Algo falló de nuestro lado (error {status}). Inténtalo de nuevo en unos minutos.",
      "portal.too_many": "Demasiados intentos desde esta red; inténtalo de nuevo en unos minutos",
      "portal.failed": "No funcionó. Inténtalo de nuevo.",
      "portal.loading": "Cargando…", "portal.try_again": "Intentar de nuevo",
      "portal.signed_out.title": "Cerraste sesión",
      "portal.signed_out.text": "Inicia sesión con el enlace que te enviamos por correo para ver esta página.",
      "portal.sign_in": "Iniciar sesión", "portal.sign_in_again": "Volver a iniciar sesión",
      "portal.signing_out": "Cerrando sesión…", "portal.signed_out_here": "Cerraste sesión en este dispositivo.",
      "portal.signed_in_as": "Sesión iniciada como {who}.", "portal.who": "{name} ({email})",
      "portal.cancelled": "Cancelada", "portal.close": "Cerrar",
      "portal.col.invoice": "Factura", "portal.col.date": "Fecha", "portal.col.amount": "Importe",
      "portal.col.status": "Estado", "portal.col.details": "Detalles", "portal.view_invoice": "Ver factura",
      "portal.view_invoice_number": "Ver factura {number}", "portal.billing_opening": "Abriendo el portal de pagos de Stripe…",
    },
  });

  var t = window.VaI18n.t;
  var el = window.VaDom.el;
  var pageUrl = window.VaDom.pageUrl;

  /* ------------------------------------------------------------------ the API */

  /* api("POST", "/api/me/extra-hours", {body: {...}} | {text: "...", contentType: "text/csv"}, headers?)
   * -> Promise of {status, data, headers}: status 0 when the network failed. Never rejects. The request
   * carries the page's language (Accept-Language), so the server's messages come back in it. */
  function api(method, path, options) {
    options = options || {};
    var init = { method: method, credentials: "same-origin", headers: window.VaI18n.headers({ Accept: "application/json" }) };
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
      return { status: 0, data: { message: t("portal.network") }, headers: null };
    });
  }

  /* The sentence to show for an answer that is not the one hoped for: the server's own message (in
   * the page's language) when it sent one, else the page's words. */
  function problem(answer, fallback) {
    if (!answer || answer.status === 0) return t("portal.network");
    if (answer.status >= 500) return t("portal.server", { status: answer.status });
    var message = answer.data && answer.data.message;
    if (answer.status === 429) return message || t("portal.too_many");
    return message || fallback || t("portal.failed");
  }

  /* A missing endpoint (the ledger before it lands), not a missing record: the API's 404 for a route it
   * lacks names the method and path ("No such endpoint: GET /api/...", "Esa dirección no existe: GET ..."). */
  function missingEndpoint(answer) {
    return answer.status === 404 && /:\s*[A-Z]+ \/api\//.test((answer.data && answer.data.message) || "");
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
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
      say: function (text, state) { window.VaDom.say(node, text, state); },
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
      box.appendChild(el("p", { role: "status", "aria-live": "polite", class: "portal-loading", text: opts.text || t("portal.loading") }));
      root.appendChild(box);
      return box;
    }
    var heading = el("h2", { tabindex: "-1", text: opts.title });
    box.appendChild(heading);
    if (opts.text) box.appendChild(el("p", { role: kind === "error" ? "alert" : null, text: opts.text }));
    var actions = el("p", { class: "portal-actions" });
    (opts.links || []).forEach(function (link, index) { actions.appendChild(linkButton(link[0], link[1], index === 0)); });
    if (opts.retry) actions.appendChild(button(t("portal.try_again"), opts.retry, { primary: !(opts.links || []).length }));
    if (actions.childNodes.length) box.appendChild(actions);
    root.appendChild(box);
    if (opts.focus) heading.focus();
    return box;
  }

  function signedOut(root, text) {
    return state(root, "signed-out", {
      title: t("portal.signed_out.title"),
      text: text || t("portal.signed_out.text"),
      links: [[t("portal.sign_in"), pageUrl("/account/sign-in/")]],
    });
  }

  /* A page section headed by an h2 that names it (the account page's jump list reads the h2). */
  function section(id, title, children) {
    return el("section", { class: "portal-section", id: id, "aria-labelledby": id + "-title" },
      [el("h2", { id: id + "-title", text: title })].concat(children || []));
  }

  /* "Ada (ada@x.com)", or the email alone. */
  function who(name, email) { return name ? t("portal.who", { name: name, email: email }) : email; }

  /* An invoice's link to Stripe's hosted page, or "—". */
  function invoiceLink(invoice) {
    if (!invoice.hosted_invoice_url) return "—";
    return el("a", { href: invoice.hosted_invoice_url, rel: "noopener", class: "portal-link",
      text: invoice.number ? t("portal.view_invoice_number", { number: invoice.number }) : t("portal.view_invoice") });
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

  window.VaPortal = Object.assign({}, window.VaFormat, {
    el: el, pageUrl: pageUrl, api: api, problem: problem, missingEndpoint: missingEndpoint, newKey: newKey,
    catalog: catalog, serviceName: serviceName, messageArea: messageArea, button: button,
    linkButton: linkButton, table: table, facts: facts, field: field, state: state, signedOut: signedOut,
    saveBlob: saveBlob, section: section, who: who, invoiceLink: invoiceLink,
  });
})();
