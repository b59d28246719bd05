"""Closed sets of the domain, shared by the models, the services, the plugin API and the GraphQL
schema. Plain enums: importing this module loads no ORM."""

from __future__ import annotations

import enum


class PersonRole(enum.StrEnum):
    """What a person does for the Pôle CPS."""

    REFERENT = "REFERENT"
    REGIONAL_TRAINER = "REGIONAL_TRAINER"
    DEPARTMENT_TRAINER = "DEPARTMENT_TRAINER"


class RecordStatus(enum.StrEnum):
    """Whether a directory entry is current or archived (never deleted, so syncs see it)."""

    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class SessionStatus(enum.StrEnum):
    """Where a training session or an event stands."""

    PLANNED = "PLANNED"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class EventKind(enum.StrEnum):
    """The kinds of events the seed describes."""

    PRACTICE_EXCHANGE_DAY = "PRACTICE_EXCHANGE_DAY"
    DEPARTMENT_EVENT = "DEPARTMENT_EVENT"
    AWARENESS_SESSION = "AWARENESS_SESSION"
    COTER_MEETING = "COTER_MEETING"


class ActionKind(enum.StrEnum):
    """The actions of the deployment pack a COTER can prioritise."""

    TRAINER_TRAINING = "TRAINER_TRAINING"
    PROFESSIONAL_TRAINING = "PROFESSIONAL_TRAINING"
    PRIORITY_INTERVENTION = "PRIORITY_INTERVENTION"
    EVIDENCE_BASED_PROGRAMME = "EVIDENCE_BASED_PROGRAMME"


class Programme(enum.StrEnum):
    """Evidence-based programmes named by the deployment pack."""

    UNPLUGGED = "UNPLUGGED"
    PRIMAVERA = "PRIMAVERA"
    GOOD_BEHAVIOUR_GAME = "GOOD_BEHAVIOUR_GAME"
    PRODAS = "PRODAS"
    PSFP = "PSFP"


class ResourceKind(enum.StrEnum):
    """The kinds of resources the seed lists."""

    KNOWLEDGE_FILE = "KNOWLEDGE_FILE"
    TOOL_CATALOGUE = "TOOL_CATALOGUE"
    THEMATIC_SELECTION = "THEMATIC_SELECTION"
    SYNTHESIS = "SYNTHESIS"
    INFOGRAPHIC = "INFOGRAPHIC"
    WEBSITE = "WEBSITE"
    FRAMEWORK = "FRAMEWORK"


class PrerequisiteKind(enum.StrEnum):
    """Structured kinds of module prerequisites, so that rules can check them."""

    INTEREST_OR_EXPERIENCE = "INTEREST_OR_EXPERIENCE"
    PARTNERSHIP_ABILITY = "PARTNERSHIP_ABILITY"
    EMPLOYER_COMMITMENT = "EMPLOYER_COMMITMENT"
    PRIOR_CPS_TRAINING = "PRIOR_CPS_TRAINING"
    CONCEPTS_QUESTIONNAIRE = "CONCEPTS_QUESTIONNAIRE"


class InstitutionKind(enum.StrEnum):
    """Public institutions that steer the strategy or that a referent follows."""

    ARS_TERRITORIAL_DELEGATION = "ARS_TERRITORIAL_DELEGATION"
    DSDEN = "DSDEN"
    DEPARTMENTAL_COUNCIL = "DEPARTMENTAL_COUNCIL"
    REGIONAL_STATE_SERVICE = "REGIONAL_STATE_SERVICE"
    EDUCATION = "EDUCATION"


class StaffRole(enum.StrEnum):
    """What an API token lets its holder do."""

    REGIONAL = "REGIONAL"
    DEPARTMENT = "DEPARTMENT"
    PARTNER = "PARTNER"


class RegistrationStatus(enum.StrEnum):
    """Where a registration stands; CONFIRMED and PENDING_APPROVAL hold a seat."""

    CONFIRMED = "CONFIRMED"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    WAITLISTED = "WAITLISTED"
    REFUSED = "REFUSED"
    CANCELLED = "CANCELLED"
    # Made without a staff token, its address not yet confirmed: holds nothing (double opt-in).
    UNCONFIRMED = "UNCONFIRMED"


__all__ = [
    "ActionKind",
    "EventKind",
    "InstitutionKind",
    "PersonRole",
    "PrerequisiteKind",
    "Programme",
    "RecordStatus",
    "RegistrationStatus",
    "ResourceKind",
    "SessionStatus",
    "StaffRole",
]
