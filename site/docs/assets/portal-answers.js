/* A client's intake answers made readable for the account page and the practice view: a <dl> with
 * each answer under its question's short name, nested groups as nested lists, service and tier ids as
 * their catalog names, choices (days, channels, how often) in the words of the questionnaire itself
 * (intake-form.js registers them), all in the page's language. Adds VaPortal.intakeAnswers.
 */
(function () {
  "use strict";

  window.VaI18n.add({
    en: {
      "answers.name": "Name", "answers.email": "Email", "answers.phone": "Phone", "answers.company": "Company",
      "answers.role": "Role", "answers.services": "Services", "answers.hours_per_month": "Hours a month",
      "answers.preferred_tier": "Preferred plan", "answers.tools": "Tools", "answers.tools.email": "Email",
      "answers.tools.calendar": "Calendar", "answers.tools.crm": "CRM", "answers.tools.accounting": "Accounting",
      "answers.tools.project_management": "Project management", "answers.tools.other": "Other tools",
      "answers.working_hours": "Working hours", "answers.working_hours.days": "Days",
      "answers.working_hours.start": "From", "answers.working_hours.end": "Until", "answers.timezone": "Time zone",
      "answers.communication": "Communication", "answers.communication.channel": "Preferred channel",
      "answers.communication.frequency": "How often", "answers.communication.notes": "Notes",
      "answers.delegation": "Delegation rules", "answers.delegation.spending_limit": "Spending limit without asking",
      "answers.delegation.travel_booking": "May book travel", "answers.delegation.send_as_client": "May send email as you",
      "answers.delegation.escalate_when": "Escalate when", "answers.delegation.tone": "Tone",
      "answers.delegation.vip_contacts": "VIP contacts", "answers.access_needed": "Access needed",
      "answers.notes": "Notes", "answers.yes": "Yes", "answers.no": "No",
    },
    es: {
      "answers.name": "Nombre", "answers.email": "Correo", "answers.phone": "Teléfono", "answers.company": "Empresa",
      "answers.role": "Cargo", "answers.services": "Servicios", "answers.hours_per_month": "Horas al mes",
      "answers.preferred_tier": "Plan preferido", "answers.tools": "Herramientas", "answers.tools.email": "Correo",
      "answers.tools.calendar": "Calendario", "answers.tools.crm": "CRM", "answers.tools.accounting": "Contabilidad",
      "answers.tools.project_management": "Gestión de proyectos", "answers.tools.other": "Otras herramientas",
      "answers.working_hours": "Horario de trabajo", "answers.working_hours.days": "Días",
      "answers.working_hours.start": "Desde", "answers.working_hours.end": "Hasta", "answers.timezone": "Zona horaria",
      "answers.communication": "Comunicación", "answers.communication.channel": "Canal preferido",
      "answers.communication.frequency": "Con qué frecuencia", "answers.communication.notes": "Notas",
      "answers.delegation": "Reglas de delegación", "answers.delegation.spending_limit": "Límite de gasto sin consultar",
      "answers.delegation.travel_booking": "Puede reservar viajes", "answers.delegation.send_as_client": "Puede enviar correos en tu nombre",
      "answers.delegation.escalate_when": "Escalar cuando", "answers.delegation.tone": "Tono",
      "answers.delegation.vip_contacts": "Contactos VIP", "answers.access_needed": "Accesos necesarios",
      "answers.notes": "Notas", "answers.yes": "Sí", "answers.no": "No",
    },
  });

  var t = window.VaI18n.t;
  var HIDDEN_ANSWERS = { submission_id: true, website: true };
  var LABELLED = [
    "name", "email", "phone", "company", "role", "services", "hours_per_month", "preferred_tier", "tools", "tools.email",
    "tools.calendar", "tools.crm", "tools.accounting", "tools.project_management", "tools.other", "working_hours",
    "working_hours.days", "working_hours.start", "working_hours.end", "timezone", "communication",
    "communication.channel", "communication.frequency", "communication.notes", "delegation",
    "delegation.spending_limit", "delegation.travel_booking", "delegation.send_as_client", "delegation.escalate_when",
    "delegation.tone", "delegation.vip_contacts", "access_needed", "notes",
  ];

  function answerLabel(path) {
    if (LABELLED.indexOf(path) !== -1) return t("answers." + path);
    var last = path.split(".").pop();
    return last.replace(/_/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  /* A choice's words ("mon" -> "Monday"), as the questionnaire names it; an unknown one as sent. */
  function choiceName(key, value) {
    var choices = window.VaIntakeChoices[key];
    return choices && choices.indexOf(value) !== -1 ? t("intake." + key + "." + value) : String(value);
  }

  /* answers -> a <dl>, nested groups as nested lists; catalog gives service and tier names. */
  function intakeAnswers(answers, cat, prefix) {
    var P = window.VaPortal;
    cat = cat || { services: [], tiers: [] };
    var pairs = [];
    Object.keys(answers || {}).forEach(function (key) {
      var path = prefix ? prefix + "." + key : key;
      var value = answers[key];
      if (HIDDEN_ANSWERS[key] || value === null || value === undefined || value === "") return;
      if (Array.isArray(value) && !value.length) return;
      var shown;
      if (key === "services" && Array.isArray(value)) {
        shown = value.map(function (id) { return P.serviceName(cat.services, id); }).join(", ");
      } else if (key === "preferred_tier") {
        var tier = (cat.tiers || []).filter(function (tr) { return tr.id === value; })[0];
        shown = tier ? tier.name : String(value);
      } else if (key === "spending_limit" && typeof value === "number") {
        shown = P.money(value, cat.currency);
      } else if (typeof value === "boolean") {
        shown = value ? t("answers.yes") : t("answers.no");
      } else if (Array.isArray(value)) {
        shown = value.map(function (v) { return choiceName(key, v); }).join(", ");
      } else if (typeof value === "object") {
        shown = intakeAnswers(value, cat, path);
        if (!shown.childNodes.length) return;
      } else {
        shown = choiceName(key, value);
      }
      pairs.push([answerLabel(path), shown]);
    });
    return P.facts(pairs, prefix ? "portal-facts--nested" : "portal-facts--answers");
  }

  window.VaPortal.intakeAnswers = intakeAnswers;
})();
