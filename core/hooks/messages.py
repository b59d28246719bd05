"""Every French sentence the built-in rules show, in one place for whoever rewords them.

Descriptions are the one-line entries of the rule catalogue (``cps plugins``); messages are the
violations people read. Placeholders are filled with ``str.format``.
"""

from __future__ import annotations

from datetime import date, time

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_date(day: date) -> str:
    """``mardi 25 novembre 2025``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def french_time(at: time) -> str:
    """``9 h`` or ``9 h 30``."""
    return f"{at.hour} h" if at.minute == 0 else f"{at.hour} h {at.minute:02d}"


def french_percent(share: float) -> str:
    """``0.8`` gives ``80 %``, ``0.755`` gives ``75,5 %``."""
    value = round(share * 100, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"


# --- Rules every department applies (core.hooks.department_rules) --------------------------------

PRACTICE_DAY_TRAINER_TRAINING = (
    "Journée d'échanges de pratique : participation confirmée à la formation de formateurs de la "
    "même année.",
    "La journée d'échanges de pratique du {date} est réservée aux personnes dont la participation "
    "à la formation de formateurs {year} est confirmée.",
)
PRACTICE_DAY_OWN_DEPARTMENT = (
    "Journée d'échanges de pratique : inscription dans son propre département.",
    "La journée d'échanges de pratique du {date} est réservée aux formateurs et formatrices du "
    "département {code} ({name}) : l'inscription se fait dans son propre département, et vous "
    "exercez dans le département {their_code}.",
)
ONE_YEARLY_EVENT = (
    "Un seul évènement départemental annuel par département et par année.",
    "Le département {code} ({name}) a déjà son évènement départemental annuel en {year} "
    "(« {title} », le {date}) : il n'y en a qu'un par département et par année.",
)
EVENT_IN_DEPARTMENT = (
    "Un évènement du département a lieu dans le département (code postal).",
    "Un évènement du département {code} ({name}) a lieu dans ce département : le code postal "
    "{postal_code} n'en fait pas partie.",
)
SESSION_IN_DEPARTMENT = (
    "Une session tenue dans le département a lieu dans le département (code postal).",
    "Une session tenue dans le département {code} ({name}) a lieu dans ce département : "
    "{city} ({postal_code}) n'en fait pas partie.",
)

# --- Regional rules (core.regional) --------------------------------------------------------------

PREREQUISITE_EMPLOYER_COMMITMENT = (
    "Prérequis des modules 1 et 2 : l'engagement de l'employeur.",
    "Le module {module} demande l'engagement de l'employeur : « {label} ».",
)
PREREQUISITE_PRIOR_CPS_TRAINING = (
    "Prérequis du module 2 : avoir suivi une formation CPS dispensée par un membre "
    "d'InteractionS Pays de la Loire.",
    "Le module {module} demande d'avoir suivi une formation CPS dispensée par un membre "
    "d'InteractionS Pays de la Loire (Promotion Santé, Association Addictions France) ; {reason}.",
)
NO_PRIOR_TRAINING = "aucune formation CPS n'est indiquée"
NOT_A_MEMBER = "« {organization} » n'est pas membre d'InteractionS Pays de la Loire"
PREREQUISITE_CONCEPTS_QUESTIONNAIRE = (
    "Prérequis du module 2 : au moins 80 % de réussite au questionnaire sur les concepts CPS.",
    "Le module {module} demande au moins {minimum} de réussite au questionnaire portant sur les "
    "concepts CPS en promotion de la santé ; {reason}.",
)
NO_SCORE = "aucun score n'est indiqué"
LOW_SCORE = "votre score est de {score}"
TARGET_CANCELLED = (
    "On ne s'inscrit pas à une session ou à un évènement annulé.",
    "Inscription impossible : « {title} » est annulé.",
)
TARGET_STARTED = (
    "On ne s'inscrit plus à une session ou à un évènement une fois son premier jour commencé.",
    "Inscription close : « {title} » a commencé le {date}.",
)
SESSION_HAS_DAYS = (
    "Une session compte au moins un jour de formation.",
    "Une session compte au moins un jour de formation.",
)
SESSION_DAYS_DISTINCT = (
    "Un même jour ne figure pas deux fois dans une session.",
    "Le {date} figure deux fois parmi les jours de la session.",
)
SESSION_DAY_ENDS_AFTER_START = (
    "Chaque jour de formation finit après avoir commencé.",
    "Le {date}, la fin ({end}) doit suivre le début ({start}).",
)
SESSION_STARTS_IN_ITS_YEAR = (
    "Une session commence dans l'année à laquelle elle appartient.",
    "Une session de {year} commence en {year} : son premier jour est le {date}.",
)
SESSION_HAS_PLACE = (
    "Une session a un lieu, ou les lieux envisagés tant qu'il n'est pas fixé.",
    "Indiquez le lieu de la session, ou les lieux envisagés tant qu'il n'est pas fixé.",
)
SESSION_CAPACITY_POSITIVE = (
    "La capacité d'une session est d'au moins une place.",
    "La capacité doit être d'au moins une place (et non {capacity}).",
)
SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN = (
    "La capacité d'une session ne descend pas sous les places déjà attribuées.",
    "La capacité ({capacity}) ne peut pas être inférieure aux places déjà attribuées ({taken}).",
)
EVENT_ENDS_AFTER_START = (
    "Un évènement finit après avoir commencé.",
    "La fin de l'évènement ({end}) doit suivre son début ({start}).",
)
EVENT_DATE_IN_ITS_YEAR = (
    "Un évènement a lieu dans l'année à laquelle il appartient.",
    "Un évènement de {year} a lieu en {year} : le {date} n'en fait pas partie.",
)

# --- Checks of the input itself (core.services.rule_checks) --------------------------------------

INVALID_DEPARTMENT = "« {value} » n'est pas un code de département (par exemple « 72 »)."
INVALID_EMAIL = "« {value} » n'est pas une adresse électronique."
TEXT_TOO_LONG = "Ce texte dépasse {limit} caractères."
SCORE_OUT_OF_RANGE = (
    "Le score au questionnaire est une part de bonnes réponses entre 0 et 1 (0,8 pour 80 %)."
)
INVALID_YEAR = "L'année {value} n'est pas plausible."

# --- Rules that cannot be run (a plugin failed to load or is disabled) ---------------------------

PLUGIN_DISABLED = "est désactivée"
PLUGIN_FAILED = "n'a pas pu être chargée"
DEPARTMENT_RULES_UNAVAILABLE = (
    "Les règles du département {department} ne sont pas disponibles (l'extension « {plugin} » "
    "{state}) : rien n'est enregistré pour ce département."
)
REGIONAL_RULES_UNAVAILABLE = (
    "Les règles de l'extension « {plugin} » ne sont pas disponibles (l'extension {state}) : "
    "elles peuvent concerner tous les départements, rien n'est enregistré."
)
