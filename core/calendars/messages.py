"""Every French text the calendar feeds show, in one place for whoever rewords them."""

from __future__ import annotations

from collections.abc import Iterable

from core.models.enums import ActionKind, EventKind, Programme

BRAND = "Pôle CPS"
CANCELLED_PREFIX = "ANNULÉ — "

REGION_NAME = f"{BRAND} — Pays de la Loire"
REGION_DESCRIPTION = (
    "Les sessions de formation de formateurs CPS et les évènements publics du Pôle CPS "
    "en Pays de la Loire."
)

EVENT_KINDS = {
    EventKind.PRACTICE_EXCHANGE_DAY: "Journée d'échanges de pratique",
    EventKind.DEPARTMENT_EVENT: "Évènement départemental",
    EventKind.AWARENESS_SESSION: "Sensibilisation aux CPS",
    EventKind.COTER_MEETING: "Réunion du COTER",
}
ACTION_KINDS = {
    ActionKind.TRAINER_TRAINING: "Formation de formateurs CPS",
    ActionKind.PROFESSIONAL_TRAINING: "Formation CPS des professionnels",
    ActionKind.PRIORITY_INTERVENTION: "Intervention auprès de publics ou territoires prioritaires",
    ActionKind.EVIDENCE_BASED_PROGRAMME: "Soutien à un programme probant",
}
PROGRAMMES = {
    Programme.UNPLUGGED: "Unplugged",
    Programme.PRIMAVERA: "Primavera",
    Programme.GOOD_BEHAVIOUR_GAME: "Good Behaviour Game",
    Programme.PRODAS: "PRODAS",
    Programme.PSFP: "PSFP",
}
TRAINING_CATEGORY = "Formation de formateurs CPS"
ACTION_CATEGORY = "Pack de déploiement"
LOCAL_CATEGORY = "Agenda départemental"


def private_name(name: str) -> str:
    """"Pôle CPS — Loire-Atlantique (44) (privé)": a private feed is not the public calendar."""
    return f"{name} (privé)"


def department_name(code: str, name: str) -> str:
    """"Pôle CPS — Loire-Atlantique (44)"."""
    return f"{BRAND} — {name} ({code})"


def department_description(code: str, name: str) -> str:
    """What a department's feed holds."""
    return (
        f"Les sessions de formation, les évènements publics et les actions CPS "
        f"en {name} ({code})."
    )


def trainer_name(full_name: str) -> str:
    """"Pôle CPS — Mathilde Garabedian"."""
    return f"{BRAND} — {full_name}"


def trainer_description(full_name: str) -> str:
    """What a trainer's feed holds."""
    return f"Les sessions et les évènements animés par {full_name}."


def module_name(number: int, title: str) -> str:
    """"Pôle CPS — Module 1 : Les fondamentaux…"."""
    return f"{BRAND} — Module {number} : {title}"


def module_description(number: int) -> str:
    """What a module's feed holds."""
    return f"Toutes les journées des sessions du module {number}."


def session_name(number: int, year: int, module: int) -> str:
    """"Pôle CPS — Session 1 (2025) du module 2" (no comma: some read X-WR-CALNAME raw)."""
    return f"{BRAND} — Session {number} ({year}) du module {module}"


def session_description(number: int, year: int) -> str:
    """What a session's feed holds."""
    return f"Les journées de la session {number} ({year})."


def event_name(title: str) -> str:
    """"Pôle CPS — <title>"."""
    return f"{BRAND} — {title}"


def event_description(title: str) -> str:
    """What an event's feed holds."""
    return f"{title}."


def day_summary(module: int, title: str, number: int, of: int) -> str:
    """"Module 2 — Transférer des compétences… (jour 1/3)"."""
    return f"Module {module} — {title} (jour {number}/{of})"


def removed_day_summary(module: int, title: str) -> str:
    """The summary of a day taken out of its session (it no longer has a rank)."""
    return f"Module {module} — {title} (journée retirée)"


def cancelled(summary: str) -> str:
    """A cancelled entry's summary: Outlook shows it like any other, so the words say it."""
    return summary if summary.startswith(CANCELLED_PREFIX) else CANCELLED_PREFIX + summary


def place(city: str, postal_code: str | None, venue: str | None) -> str:
    """"Locaux de Promotion Santé, Pôle 72, 72000 Le Mans"."""
    town = f"{postal_code} {city}" if postal_code else city
    return f"{venue}, {town}" if venue else town


def tentative_place(cities: Iterable[str]) -> str:
    """"Nantes ou La Roche-sur-Yon (lieu à confirmer)"."""
    return f"{' ou '.join(cities)} (lieu à confirmer)"


def bullet_list(title: str, items: Iterable[str]) -> str:
    """A titled list, one item per line."""
    return "\n".join([title, *(f"- {item}" for item in items)])


def session_heading(number: int, year: int, module: int, title: str) -> str:
    """The first line of a training day's description."""
    return f"Session {number} ({year}) du module {module} : {title}."


DAY_REMOVED = "Cette journée a été retirée de la session."
SESSION_CANCELLED = "Cette session est annulée."
EVENT_CANCELLED = "Cet évènement est annulé."


def day_rank(number: int, of: int) -> str:
    """"Jour 1 sur 3."."""
    return f"Jour {number} sur {of}."


def place_line(text: str, tentative: bool) -> str:
    """The place, said as settled or not."""
    return f"Lieu à confirmer : {text}." if tentative else f"Lieu : {text}."


def trainers_line(names: list[str]) -> str:
    """Who leads the session."""
    return f"Formateurs : {', '.join(names)}." if names else "Formateurs : à préciser."


def leaders_line(names: list[str]) -> str:
    """Who leads the event."""
    return f"Animation : {', '.join(names)}." if names else ""


PREREQUISITES = "Prérequis :"
ACCESS_CONDITIONS = "Conditions d'accès :"


def registration_closing_line(when: str) -> str:
    """When registration closes (``core.services.stages``, as the API's registrationClosesAt)."""
    return f"Clôture des inscriptions : {when}."


def link_line(url: str) -> str:
    """The link back, since Google Calendar and Outlook do not show ``URL``."""
    return f"Détails et ajout à votre agenda : {url}"


def programme_line(programme: str) -> str:
    """The evidence-based programme an action supports."""
    return f"Programme : {programme}."


def _counted(count: int, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{count} {singular if count <= 1 else plural}"


def registrations_line(
    confirmed: int,
    pending_approval: int,
    waitlisted: int,
    capacity: int | None,
    *,
    has_capacity: bool = True,
) -> str:
    """The registration counts, in private feeds only: "Inscriptions : 8 confirmées sur
    12 places, 3 en liste d'attente." Counts of zero after the first are left out;
    ``has_capacity`` False (events) says nothing of places."""
    head = _counted(confirmed, "confirmée", "confirmées")
    if has_capacity:
        if capacity is None:
            head += " (capacité non fixée)"
        else:
            head += f" sur {_counted(capacity, 'place', 'places')}"
    parts = [head]
    if pending_approval:
        parts.append(f"{pending_approval} en attente de validation")
    if waitlisted:
        parts.append(f"{waitlisted} en liste d'attente")
    return f"Inscriptions : {', '.join(parts)}."


# --- HTTP answers -------------------------------------------------------------------------------

NOT_FOUND = {
    "DEPARTMENT": "Calendrier introuvable : aucun département « {key} » (44, 49, 53, 72 ou 85).",
    "TRAINER": "Calendrier introuvable : aucune personne « {key} » dans l'annuaire.",
    "MODULE": "Calendrier introuvable : aucun module « {key} » (1 ou 2).",
    "SESSION": "Calendrier introuvable : aucune session « {key} ».",
    "EVENT": "Calendrier introuvable : aucun évènement public « {key} ».",
}


def unknown_parameter(name: str, accepted: Iterable[str]) -> str:
    """A query-string parameter this feed does not know."""
    names = ", ".join(accepted) or "aucun"
    return f"Paramètre inconnu « {name} » pour ce calendrier. Paramètres acceptés : {names}."


def unknown_value(name: str, value: str, accepted: Iterable[str]) -> str:
    """A filter value that is not one of the accepted ones."""
    return (
        f"Valeur inconnue « {value} » pour le paramètre « {name} ». "
        f"Valeurs acceptées : {', '.join(accepted)}."
    )


def repeated_parameter(name: str) -> str:
    """A single-valued parameter given twice."""
    return f"Le paramètre « {name} » ne peut être donné qu'une fois."


MODULE_WITHOUT_SESSIONS = (
    "Le paramètre « module » ne garde que des sessions : ajoutez « sessions » à « kind » "
    "ou retirez « module »."
)
