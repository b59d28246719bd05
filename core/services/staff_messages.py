"""The French sentences of the staff writes and registrations, in one place for translators."""

from __future__ import annotations

TARGET_NOT_FOUND = "Aucune session ni aucun évènement public n'a cet identifiant."
REGISTRATION_NOT_FOUND = "Aucune inscription ne correspond à cette référence."
LINK_INVALID = "Ce lien n'est pas ou plus valable."
RULES_UNDETERMINED = (
    "Les règles de l'extension « {plugin} » n'ont pas pu être vérifiées : l'inscription n'est "
    "pas enregistrée. Réessayez plus tard."
)
WRITE_UNDETERMINED = (
    "Les règles de l'extension « {plugin} » n'ont pas pu être vérifiées : rien n'est enregistré."
)
FULL_NAME_REQUIRED = "Indiquez le nom et le prénom de la personne."
EMAIL_REQUIRED = "Indiquez l'adresse électronique professionnelle de la personne."
ALREADY_REGISTERED = "Cette adresse est déjà inscrite à cette session ou à cet évènement."
NO_SEAT_LEFT = "Plus aucune place n'est libre : l'inscription reste en liste d'attente."
INVALID_TRANSITION = "Une inscription {status} ne peut pas être {action}."
SAME_TARGET = "L'inscription est déjà pour cette session ou cet évènement."
ERASED = "Les données de cette personne ont été effacées."

STATUS_WORDS = {
    "CONFIRMED": "confirmée",
    "PENDING_APPROVAL": "en attente de validation",
    "WAITLISTED": "en liste d'attente",
    "REFUSED": "refusée",
    "CANCELLED": "annulée",
    "UNCONFIRMED": "en attente de la confirmation de l'adresse e-mail",
}
ACTION_WORDS = {
    "confirm": "confirmée",
    "refuse": "refusée",
    "cancel": "annulée",
    "move": "déplacée",
    "update": "modifiée",
}

REGISTRATION_CAP_PER_TARGET = (
    "Trop d'inscriptions à cette session ou à cet évènement depuis la même adresse aujourd'hui "
    "({cap} au plus) : réessayez demain, ou demandez à l'équipe du Pôle CPS de vous inscrire."
)
REGISTRATION_CAP_PER_ADDRESS = (
    "Trop d'inscriptions depuis la même adresse aujourd'hui ({cap} au plus) : réessayez "
    "demain, ou demandez à l'équipe du Pôle CPS de vous inscrire."
)
# Why registration is closed (``core.services.stages``); ``{when}`` is "22/05/2025 à 9 h 00".
SESSION_REGISTRATION_CLOSED = {
    "cancelled": "Inscriptions fermées : la session est annulée.",
    "begun": "Inscriptions closes : la session a commencé le {when}.",
    "over": "Inscriptions closes : la session est terminée.",
}
EVENT_REGISTRATION_CLOSED = {
    "cancelled": "Inscriptions fermées : l'évènement est annulé.",
    "begun": "Inscriptions closes : l'évènement a commencé le {when}.",
    "over": "Inscriptions closes : l'évènement est terminé.",
}
