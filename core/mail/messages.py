"""The French words of the e-mails that are not in a template: subjects and the Pôle's name."""

from __future__ import annotations

POLE_NAME = "Pôle CPS Pays de la Loire"
POLE_RUN_BY = "Promotion Santé Pays de la Loire et Association Addictions France"

# One subject per topic; ``{title}`` is the session's or event's title.
SUBJECTS = {
    "registration_confirmed": "Inscription confirmée : {title}",
    "registration_waitlisted": "Liste d'attente : {title}",
    "registration_pending_approval": "Inscription en attente de validation : {title}",
    "registration_refused": "Inscription refusée : {title}",
    "registration_cancelled": "Inscription annulée : {title}",
    "target_changed": "Changement de programme : {title}",
    "target_cancelled": "Annulation : {title}",
    "reminder": "Rappel : {title} commence bientôt",
    "staff_pending_approval": "À valider : une inscription à {registrations[0][title]}",
    "staff_digest": "Inscriptions à valider (département {department})",
    "webhook_disabled": "Webhook désactivé : {url}",
    "registration_promoted": "Une place s'est libérée : {title}",
    "address_confirmation": "Confirmez votre adresse pour votre inscription : {title}",
    "registration_links": "Vos liens d'inscription au Pôle CPS",
    "staff_sign_in": "Votre lien de connexion à l'espace de gestion du Pôle CPS",
}

# The one answer to "send me my links again", whether the address has registrations or not.
LINKS_SENT = (
    "Si cette adresse a des inscriptions en cours, un e-mail vient de lui être envoyé avec "
    "le lien de chacune."
)
