"""The descriptions of the schema itself and of every enum value, set once the schema is built.

The enums come from the domain's Python enums (``core.models.enums`` and a few others), which
cannot carry a description per value; they are written here, in one place, and a test checks
that every type, field, argument, enum value and the schema have one.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLSchema

SCHEMA_DESCRIPTION = (
    "The Pôle CPS of Pays de la Loire: training sessions of trainers in psychosocial skills "
    "(CPS), events, actions, the directory of trainers and resources, for partner sites and "
    "the Pôle's staff. Messages people read are in French; every expected error has a stable "
    "code in `extensions.code`."
)

ENUM_VALUES: dict[str, dict[str, str]] = {
    "ActionKind": {
        "TRAINER_TRAINING": "Training of trainers (their days of practice exchange, tutoring).",
        "PROFESSIONAL_TRAINING": "Training of professionals who work with children and young people.",
        "PRIORITY_INTERVENTION": "An intervention with the public the COTER made a priority.",
        "EVIDENCE_BASED_PROGRAMME": "Support to an evidence-based programme (see `programme`).",
    },
    "CalendarKind": {
        "REGION": "Every session day and public event of the region.",
        "DEPARTMENT": "A department's session days, public events, actions and local entries.",
        "TRAINER": "The sessions and events a trainer leads.",
        "MODULE": "Every day of the sessions of one module.",
        "SESSION": "The days of one session.",
        "EVENT": "One event.",
    },
    "EligibilityStatus": {
        "ELIGIBLE": "Every rule is met: a registration would be accepted.",
        "NOT_ELIGIBLE": "At least one rule is not met (see the violations).",
        "UNDETERMINED": "A plugin's rules could not be checked: try again later.",
    },
    "EventKind": {
        "PRACTICE_EXCHANGE_DAY": "A department's yearly day of practice exchange for trainers.",
        "DEPARTMENT_EVENT": "A public event of a department.",
        "AWARENESS_SESSION": "An awareness session on psychosocial skills.",
        "COTER_MEETING": "A meeting of a department's steering committee (COTER), often internal.",
    },
    "InstitutionKind": {
        "ARS_TERRITORIAL_DELEGATION": "A territorial delegation of the regional health agency.",
        "DSDEN": "A departmental services directorate of national education.",
        "DEPARTMENTAL_COUNCIL": "A departmental council.",
        "REGIONAL_STATE_SERVICE": "A regional service of the State (DREETS, DRAAF, DRAJES…).",
        "EDUCATION": "An education authority or university.",
    },
    "ModuleNumber": {
        "MODULE_1": "Module 1: the fundamentals of psychosocial skills.",
        "MODULE_2": "Module 2: passing the skills on, for trainers with experience.",
    },
    "PersonRole": {
        "REFERENT": "A referent of the Pôle CPS who follows departments or institutions.",
        "REGIONAL_TRAINER": "A trainer of the regional pool.",
        "DEPARTMENT_TRAINER": "A trainer of a department.",
    },
    "PluginStatus": {
        "LOADED": "The plugin is loaded and its hooks are called.",
        "DISABLED": "The plugin is installed but disabled by the settings.",
        "FAILED": "The plugin failed to load or to synchronise; the others run.",
    },
    "PrerequisiteKind": {
        "INTEREST_OR_EXPERIENCE": "An interest in, or experience of, psychosocial skills.",
        "PARTNERSHIP_ABILITY": "The ability to work in partnership.",
        "EMPLOYER_COMMITMENT": "The employer's commitment to let the person train others.",
        "PRIOR_CPS_TRAINING": "A prior training in psychosocial skills.",
        "CONCEPTS_QUESTIONNAIRE": "A minimum score at the questionnaire on the concepts.",
    },
    "PrivateCalendarScope": {
        "REGION": "The private feed of the whole region.",
        "DEPARTMENT": "The private feed of one department.",
    },
    "Programme": {
        "UNPLUGGED": "Unplugged, a programme of prevention of addictions at secondary school.",
        "PRIMAVERA": "Primavera, a programme of prevention of risk behaviours at school.",
        "GOOD_BEHAVIOUR_GAME": "The Good Behaviour Game, in primary school classes.",
        "PRODAS": "PRODAS, a programme of emotional development at school.",
        "PSFP": "The Strengthening Families Programme (PSFP), for parents and children.",
    },
    "RecordStatus": {
        "ACTIVE": "Current.",
        "ARCHIVED": "Archived: kept (never deleted) so that syncs see it leave.",
    },
    "RegistrationStatus": {
        "CONFIRMED": "The person has a seat.",
        "PENDING_APPROVAL": "Holding a seat until staff confirm or refuse it.",
        "WAITLISTED": "Waiting for a seat; the first to wait gets the next one freed.",
        "REFUSED": "Refused by staff or by the rules.",
        "CANCELLED": "Cancelled by the person or staff; the seat was freed.",
        "UNCONFIRMED": "Made without a staff token, its e-mail address not yet confirmed through "
        "the link sent to it: it holds no seat (double opt-in).",
    },
    "RegistrationTargetKind": {
        "SESSION": "A registration to a training session.",
        "EVENT": "A registration to an event.",
    },
    "ResourceKind": {
        "KNOWLEDGE_FILE": "A file of knowledge with practical sheets.",
        "TOOL_CATALOGUE": "A catalogue of prevention tools.",
        "THEMATIC_SELECTION": "A thematic selection of documents.",
        "SYNTHESIS": "A synthesis of what is known.",
        "INFOGRAPHIC": "An infographic.",
        "WEBSITE": "A website.",
        "FRAMEWORK": "A reference framework.",
    },
    "RuleOutcome": {
        "SATISFIED": "The rule is met.",
        "VIOLATED": "The rule is not met.",
        "NOT_EVALUATED": "The rule could not be checked (its plugin failed).",
    },
    "RuleSubject": {
        "REGISTRATION": "The rule checks registrations.",
        "SESSION": "The rule checks training sessions.",
        "EVENT": "The rule checks events.",
    },
    "SessionStatus": {
        "PLANNED": "Planned; not a statement about time (see `stage`).",
        "CONFIRMED": "Confirmed by staff.",
        "CANCELLED": "Cancelled; kept, and shown cancelled in the calendars until its dates pass.",
    },
    "Stage": {
        "UPCOMING": "Its first day has not started.",
        "UNDER_WAY": "Its first day has started and its last day has not ended.",
        "OVER": "Its last day has ended.",
    },
}


def describe(schema: GraphQLSchema) -> None:
    """Give ``schema`` its description and each enum value of ``ENUM_VALUES`` its own."""
    schema.description = SCHEMA_DESCRIPTION
    for name, values in ENUM_VALUES.items():
        enum = schema.type_map.get(name)
        if isinstance(enum, GraphQLEnumType):
            for value, description in values.items():
                if value in enum.values:
                    enum.values[value].description = description
