/* The practice view's shared pieces (site/docs/practice/index.md), loaded before its sections:
 * the visit's state (VaPractice.page: the catalog, the clients, the open client), the live regions,
 * the states that end a visit (signed out, a client's session), hiding a section the API lacks, the
 * inline "are you sure", and a 422's field errors. Each section file adds itself to window.VaPractice
 * (clients, clientHours, calls, intakes, activity, time); practice.js starts the page.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "practice.forbidden.text": "You're signed in as a client. Your plan, hours, invoices and calls are on your account page.",
      "practice.forbidden.title": "This page is for the assistant",
      "practice.session_ended": "Your session has ended. Sign in again to continue.",
      "practice.signed_out": "This page is for the assistant. Sign in with the link we email you.",
      "practice.to_account": "Go to your account", "practice.sent": "Sent",
      "practice.services": "Services", "practice.hours_a_month": "Hours a month",
      "practice.date_missing": "Choose a date.",
      "practice.duration_invalid": "Enter a duration like 90, 1:30 or 1h30 (up to 24 hours).",
      "practice.col.email": "Email", "practice.col.company": "Company", "practice.col.service": "Service",
      "practice.col.description": "Description",
    },
    es: {
      "practice.forbidden.text": "Iniciaste sesión como cliente. Tu plan, horas, facturas y llamadas están en la página de tu cuenta.",
      "practice.forbidden.title": "Esta página es solo para quien administra el portal",
      "practice.session_ended": "Tu sesión terminó. Vuelve a iniciar sesión para continuar.",
      "practice.signed_out": "Esta página es solo para quien administra el portal. Inicia sesión con el enlace que te enviamos por correo.",
      "practice.to_account": "Ir a tu cuenta", "practice.sent": "Enviado",
      "practice.services": "Servicios", "practice.hours_a_month": "Horas al mes",
      "practice.date_missing": "Elige una fecha.",
      "practice.duration_invalid": "Escribe una duración como 90, 1:30 o 1h30 (hasta 24 horas).",
      "practice.col.email": "Correo", "practice.col.company": "Empresa", "practice.col.service": "Servicio",
      "practice.col.description": "Descripción",
    },
  });

  var P = window.VaPortal;
  var el = P.el;
  var t = window.VaI18n.t;
  var V = window.VaPractice = { page: null, LEDGER_PATH: "/api/practice/time-entries" };

  function $(id) { return document.getElementById(id); }

  function say(id, text, state) { window.VaDom.say($(id), text, state); }

  function enc(email) { return encodeURIComponent(email); }

  function who(row) {
    return row ? P.who(row.name, row.email) : "";
  }

  /* An answer that ends the visit: the session ended (401) or is not the assistant's (403). */
  function ended(answer) {
    if (answer.status === 401) { signedOut(t("practice.session_ended")); return true; }
    // A 403 for a request from elsewhere (reason "origin") is an error of that request, not the visit's end.
    if (answer.status === 403 && (answer.data || {}).reason !== "origin") { forbidden(); return true; }
    return false;
  }

  function signedOut(text) {
    $("practice-app").hidden = true;
    var state = $("practice-state");
    state.hidden = false;
    P.signedOut(state, text || t("practice.signed_out"));
  }

  function forbidden() {
    $("practice-app").hidden = true;
    var state = $("practice-state");
    state.hidden = false;
    P.state(state, "forbidden", {
      title: t("practice.forbidden.title"),
      text: t("practice.forbidden.text"),
      links: [[t("practice.to_account"), P.pageUrl("/account/")]],
    });
  }

  /* A section the API does not offer (404 "No such endpoint"): out of the page and the jump list. */
  function hideSection(id) {
    var node = $(id);
    if (node) node.hidden = true;
    var jump = document.querySelector('[data-jump="' + id + '"]');
    if (jump) jump.hidden = true;
  }

  /* Replaces `holder`'s content by a question with two buttons until one is pressed. */
  function confirmInline(holder, question, yesText, noText, onYes) {
    var kept = Array.prototype.slice.call(holder.childNodes);
    var restore = function () {
      holder.textContent = "";
      kept.forEach(function (n) { holder.appendChild(n); });
    };
    var yes = P.button(yesText, function () { yes.disabled = true; onYes(restore); }, { primary: true, danger: true });
    var no = P.button(noText, function () { restore(); if (kept[0] && kept[0].focus) kept[0].focus(); });
    holder.textContent = "";
    holder.appendChild(el("span", { class: "portal-confirm" }, [el("span", { class: "portal-confirm__question", text: question }), yes, no]));
    yes.focus();
    return restore;
  }

  /* 422 detail [{loc, field, msg}] -> the fields' error slots. */
  function showFieldErrors(answer, fields) {
    var first = null;
    (answer.data.detail || []).forEach(function (d) {
      var name = d.field || (d.loc && d.loc[d.loc.length - 1]);
      var target = fields[name];
      if (target) { target.error(d.msg); first = first || target; }
    });
    if (first) first.control.focus();
  }

  function serviceOptions(selected) {
    return (V.page.catalog.services || []).map(function (s) {
      return el("option", { value: s.id, text: s.name, selected: s.id === selected });
    });
  }

  Object.assign(V, {
    $: $, say: say, enc: enc, who: who, ended: ended, signedOut: signedOut, forbidden: forbidden,
    hideSection: hideSection, confirmInline: confirmInline, showFieldErrors: showFieldErrors, serviceOptions: serviceOptions,
  });
})();
