"""The back-office's navigation: its sections, in the order the menu shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One entry of the menu: its key (``section`` in a screen's context), path and label."""

    key: str
    path: str
    label: str
    regional_only: bool = False


NAVIGATION: tuple[Section, ...] = (
    Section("dashboard", "/gestion", "Tableau de bord"),
    Section("sessions", "/gestion/sessions", "Sessions"),
    Section("registrations", "/gestion/inscriptions", "Inscriptions"),
    Section("events", "/gestion/evenements", "Évènements"),
    Section("actions", "/gestion/actions", "Actions"),
    Section("resources", "/gestion/ressources", "Ressources"),
    Section("people", "/gestion/annuaire", "Annuaire"),
    Section("organizations", "/gestion/organisations", "Organismes", regional_only=True),
    Section("tokens", "/gestion/jetons", "Jetons d'API", regional_only=True),
    Section("subscriptions", "/gestion/abonnements", "Calendriers privés"),
    Section("webhooks", "/gestion/webhooks", "Webhooks", regional_only=True),
    Section("audit", "/gestion/journal", "Journal"),
)


def sections_for(is_regional: bool) -> list[Section]:
    """The menu an account sees: the regional-only sections for regional staff only."""
    return [section for section in NAVIGATION if is_regional or not section.regional_only]
