/* Sign-in page (site/docs/account/sign-in.md, #sign-in-app).
 *
 * Without ?token=: an email form -> POST /api/auth/link, always the same "check your email" answer.
 * With ?token= (the emailed link): the token is read, removed from the address bar at once, and a
 * "Sign in" button posts it to /api/auth/session. Never automatically: mail scanners open links.
 */
(function () {
  "use strict";

  var SENT = "If this address belongs to a client, a sign-in link is on its way. Check your email.";

  function start(root) {
    var P = window.VaPortal;
    var tokenForm = root.querySelector("#sign-in-token-form");
    var emailForm = root.querySelector("#sign-in-email-form");
    var email = root.querySelector("#sign-in-email");
    var status = root.querySelector("#sign-in-status");
    var say = function (text, state) {
      status.textContent = text || "";
      if (state) status.setAttribute("data-state", state); else status.removeAttribute("data-state");
    };

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
        var where = answer.data.role === "assistant" ? ["/practice/", "the practice view"] : ["/account/", "your account"];
        status.textContent = "";
        status.appendChild(document.createTextNode("You're already signed in as " + answer.data.email + ". "));
        status.appendChild(P.el("a", { href: where[0], text: "Go to " + where[1] }));
      });
    }

    tokenForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var go = tokenForm.querySelector("button");
      if (go.disabled) return;
      go.disabled = true;
      say("Signing you in…");
      P.api("POST", "/api/auth/session", { body: { token: token } }).then(function (answer) {
        if (answer.status === 200) {
          say("You're signed in. Opening " + (answer.data.role === "assistant" ? "the practice view" : "your account") + "…", "done");
          window.location.assign(answer.data.role === "assistant" ? "/practice/" : "/account/");
          return;
        }
        go.disabled = false;
        if (answer.status === 400) {
          token = "";
          say(P.problem(answer, "This sign-in link has expired or was already used. Ask for a new one."), "error");
          askForLink(true);
          return;
        }
        say(P.problem(answer, "Signing in did not work. Please try again."), "error");
      });
    });

    emailForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var go = emailForm.querySelector("button");
      var address = email.value.trim();
      if (!address || !email.checkValidity()) {
        email.setAttribute("aria-invalid", "true");
        say("Please enter your email address, like name@company.com.", "error");
        email.focus();
        return;
      }
      email.removeAttribute("aria-invalid");
      if (go.disabled) return;
      go.disabled = true;
      say("Sending…");
      P.api("POST", "/api/auth/link", { body: { email: address } }).then(function (answer) {
        go.disabled = false;
        if (answer.status === 202 || answer.status === 200) say(SENT, "done");
        else if (answer.status === 422) say(P.problem(answer, "Please enter a valid email address."), "error");
        else say(P.problem(answer, "The link could not be sent. Please try again."), "error");
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
