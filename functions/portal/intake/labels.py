"""The words of the intake's summary (the assistant's copy), in each language: the questionnaire's
labels and choices as its page showed them (site/docs/assets/intake-words.js), not the stored values.
The summary is written in the practice's language (language.default()); the client's typed answers
stay as typed."""

from __future__ import annotations

LABELS = {
    "en": {
        "contact": "Contact",
        "name": "Name",
        "email": "Email",
        "phone": "Phone",
        "company": "Company",
        "role": "Role",
        "services": "Services and hours",
        "hours_per_month": "Hours a month",
        "preferred_tier": "Preferred tier",
        "not_sure": "not sure yet",
        "tools": "Tools",
        "tools.email": "Email",
        "tools.calendar": "Calendar",
        "tools.crm": "CRM",
        "tools.accounting": "Accounting",
        "tools.project_management": "Project management",
        "tools.other": "Other",
        "working_hours": "Working hours",
        "communication": "Communication",
        "channel": "Channel",
        "how_often": "how often",
        "notes": "Notes",
        "delegation": "Delegation rules",
        "spending_limit": "Spending limit without asking",
        "travel_booking": "May book travel",
        "send_as_client": "May send email as the client",
        "escalate_when": "Escalate when",
        "tone": "Tone",
        "vip_contacts": "VIP contacts",
        "access": "Access needed (to be shared through a password-vault invitation)",
        "yes": "yes",
        "no": "no",
    },
    "es": {
        "contact": "Contacto",
        "name": "Nombre",
        "email": "Correo electrónico",
        "phone": "Teléfono",
        "company": "Empresa",
        "role": "Cargo",
        "services": "Servicios y horas",
        "hours_per_month": "Horas al mes",
        "preferred_tier": "Plan preferido",
        "not_sure": "aún no lo sabe",
        "tools": "Herramientas",
        "tools.email": "Correo",
        "tools.calendar": "Calendario",
        "tools.crm": "CRM",
        "tools.accounting": "Contabilidad",
        "tools.project_management": "Gestión de proyectos",
        "tools.other": "Otras herramientas",
        "working_hours": "Horario de trabajo",
        "communication": "Comunicación",
        "channel": "Canal",
        "how_often": "frecuencia",
        "notes": "Notas",
        "delegation": "Reglas de delegación",
        "spending_limit": "Límite de gasto sin preguntar",
        "travel_booking": "Puede reservar viajes",
        "send_as_client": "Puede enviar correos en nombre del cliente",
        "escalate_when": "Consultar cuando",
        "tone": "Tono",
        "vip_contacts": "Contactos VIP",
        "access": "Accesos necesarios (se comparten con una invitación a la bóveda de contraseñas)",
        "yes": "sí",
        "no": "no",
    },
}

DAYS = {
    "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"},
    "es": {"mon": "Lun", "tue": "Mar", "wed": "Mié", "thu": "Jue", "fri": "Vie", "sat": "Sáb", "sun": "Dom"},
}

CHANNELS = {
    "en": {
        "email": "Email",
        "phone": "Phone",
        "video": "Video call",
        "slack": "Slack",
        "teams": "Microsoft Teams",
        "whatsapp": "WhatsApp",
        "sms": "Text message",
    },
    "es": {
        "email": "Correo",
        "phone": "Teléfono",
        "video": "Videollamada",
        "slack": "Slack",
        "teams": "Microsoft Teams",
        "whatsapp": "WhatsApp",
        "sms": "Mensaje de texto",
    },
}

FREQUENCIES = {
    "en": {
        "daily": "Daily",
        "twice-weekly": "Twice a week",
        "weekly": "Weekly",
        "fortnightly": "Every two weeks",
        "monthly": "Monthly",
        "as-needed": "As needed",
    },
    "es": {
        "daily": "Diario",
        "twice-weekly": "Dos veces por semana",
        "weekly": "Semanal",
        "fortnightly": "Cada dos semanas",
        "monthly": "Mensual",
        "as-needed": "Cuando haga falta",
    },
}
