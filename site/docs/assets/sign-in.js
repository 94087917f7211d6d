/* Sign-in page (site/docs/account/sign-in.md, #sign-in-app).
 *
 * Without ?token=: an email form -> POST /api/auth/link, always the same "check your email" answer.
 * With ?token= (the emailed link): the token is read, removed from the address bar at once, and a
 * "Sign in" button posts it to /api/auth/session. Never automatically: mail scanners open links.
 * In the page's language; once signed in it opens the account or practice page in that language too.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "sign_in.sent": "If this address belongs to a client, a sign-in link is on its way. Check your email.",
      "sign_in.already": "You're already signed in as {email}. ",
      "sign_in.to_practice": "Go to the practice view", "sign_in.to_account": "Go to your account",
      "sign_in.signing_in": "Signing you in…",
      "sign_in.done_practice": "You're signed in. Opening the practice view…",
      "sign_in.done_account": "You're signed in. Opening your account…",
      "sign_in.expired": "This sign-in link has expired or was already used. Ask for a new one.",
      "sign_in.failed": "Signing in did not work. Please try again.",
      "sign_in.email_missing": "Please enter your email address, like name@company.com.",
      "sign_in.sending": "Sending…", "sign_in.invalid": "Please enter a valid email address.",
      "sign_in.not_sent": "The link could not be sent. Please try again.",
    },
    es: {
      "sign_in.sent": "Si esta dirección es de un cliente, le enviamos un enlace para iniciar sesión. Revisa tu correo.",
      "sign_in.already": "Ya iniciaste sesión como {email}. ",
      "sign_in.to_practice": "Ir al panel de gestión", "sign_in.to_account": "Ir a tu cuenta",
      "sign_in.signing_in": "Iniciando sesión…",
      "sign_in.done_practice": "Iniciaste sesión. Abriendo el panel de gestión…",
      "sign_in.done_account": "Iniciaste sesión. Abriendo tu cuenta…",
      "sign_in.expired": "Este enlace para iniciar sesión venció o ya se usó. Pide uno nuevo.",
      "sign_in.failed": "No se pudo iniciar sesión. Inténtalo de nuevo.",
      "sign_in.email_missing": "Escribe tu correo electrónico, como nombre@empresa.com.",
      "sign_in.sending": "Enviando…", "sign_in.invalid": "Escribe un correo electrónico válido.",
      "sign_in.not_sent": "No se pudo enviar el enlace. Inténtalo de nuevo.",
    },
  });

  var t = window.VaI18n.t;

  function start(root) {
    var P = window.VaPortal;
    var tokenForm = root.querySelector("#sign-in-token-form");
    var emailForm = root.querySelector("#sign-in-email-form");
    var email = root.querySelector("#sign-in-email");
    var status = root.querySelector("#sign-in-status");
    var say = function (text, state) { window.VaDom.say(status, text, state); };

    var params = new URLSearchParams(window.location.search);
    var token = params.get("token") || "";
    if (params.has("token")) {
      // Out of the address bar (and so out of the history, bookmarks and anything shared).
      params.delete("token");
      var rest = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
    }

    function askForLink(focus) {
      tokenForm.hidden = true;
      emailForm.hidden = false;
      if (focus) email.focus();
    }

    if (token) {
      tokenForm.hidden = false;
      emailForm.hidden = true;
    } else {
      askForLink(false);
      // Already signed in? Say so, and keep the form for signing in as someone else.
      P.api("GET", "/api/me").then(function (answer) {
        if (answer.status !== 200 || !answer.data.email || status.textContent) return;
        var where = answer.data.role === "assistant" ? ["/practice/", "sign_in.to_practice"] : ["/account/", "sign_in.to_account"];
        status.textContent = "";
        status.appendChild(document.createTextNode(t("sign_in.already", { email: answer.data.email })));
        status.appendChild(P.el("a", { href: P.pageUrl(where[0]), text: t(where[1]) }));
      });
    }

    tokenForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var go = tokenForm.querySelector("button");
      if (go.disabled) return;
      go.disabled = true;
      say(t("sign_in.signing_in"));
      P.api("POST", "/api/auth/session", { body: { token: token } }).then(function (answer) {
        if (answer.status === 200) {
          var assistant = answer.data.role === "assistant";
          say(t(assistant ? "sign_in.done_practice" : "sign_in.done_account"), "done");
          window.location.assign(P.pageUrl(assistant ? "/practice/" : "/account/"));
          return;
        }
        go.disabled = false;
        if (answer.status === 400) {
          token = "";
          say(P.problem(answer, t("sign_in.expired")), "error");
          askForLink(true);
          return;
        }
        say(P.problem(answer, t("sign_in.failed")), "error");
      });
    });

    emailForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var go = emailForm.querySelector("button");
      var address = email.value.trim();
      if (!address || !email.checkValidity()) {
        email.setAttribute("aria-invalid", "true");
        say(t("sign_in.email_missing"), "error");
        email.focus();
        return;
      }
      email.removeAttribute("aria-invalid");
      if (go.disabled) return;
      go.disabled = true;
      say(t("sign_in.sending"));
      P.api("POST", "/api/auth/link", { body: { email: address } }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 202 || answer.status === 200) say(answer.data.message || t("sign_in.sent"), "done");
        else if (answer.status === 422) say(P.problem(answer, t("sign_in.invalid")), "error");
        else say(P.problem(answer, t("sign_in.not_sent")), "error");
      });
    });
  }

  function boot() {
    var root = document.getElementById("sign-in-app");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "true";
    start(root);
  }

  if (typeof document$ !== "undefined") document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
