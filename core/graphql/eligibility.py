"""The public eligibility query: would this registration meet every rule? Nothing is written.

A partner site sends what a professional declares (a ``RegistrationDraftInput``) and the session
or event they want; the answer lists every rule evaluated and every violation, with its code,
field and French message. The registration mutations run the very same check.
"""

from __future__ import annotations

import enum
from typing import Annotated, TYPE_CHECKING

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.email_address import normalise_email
from core.graphql.plugins import PluginFailureType, RuleSubject
from core.hooks.types import PriorTraining, RegistrationDraft, TargetKind
from core.services import eligibility as eligibility_service
from core.services import rule_checks
from core.services.errors import InputError

TARGET_KINDS = {"TrainingSession": TargetKind.SESSION, "Event": TargetKind.EVENT}


@strawberry.input(
    name="PriorCpsTrainingInput",
    description="A CPS training the person already followed: who gave it.",
)
class PriorCpsTrainingInput:
    """The organization that gave the training: one of the directory, or a name."""

    organization: relay.GlobalID | None = strawberry.field(
        default=None,
        description="ID of the organization (see `organizations`) that gave the training; its "
        "membership of InteractionS Pays de la Loire is the directory's.",
    )
    organization_name: str | None = strawberry.field(
        default=None,
        description="Name of an organization that is not in the directory (it is then not a "
        "member of InteractionS).",
    )


@strawberry.input(
    name="RegistrationDraftInput",
    description="What a professional declares when registering; identity fields are optional "
    "for the eligibility query.",
)
class RegistrationDraftInput:
    """A would-be registration."""

    department_code: str = strawberry.field(
        description='Department where the person practises ("72").'
    )
    full_name: str | None = strawberry.field(default=None, description="Given and family name.")
    email: str | None = strawberry.field(default=None, description="Professional email address.")
    employer: str | None = strawberry.field(default=None, description="Employer.")
    prior_cps_training: PriorCpsTrainingInput | None = strawberry.field(
        default=None, description="A CPS training already followed; null if none."
    )
    questionnaire_score: float | None = strawberry.field(
        default=None,
        description="Share of right answers to the CPS concepts questionnaire, from 0 to 1 (0.8 "
        "for 80 %); null if not taken.",
    )
    employer_commitment: bool = strawberry.field(
        default=False, description="The employer committed to what the module asks."
    )
    confirmed_trainer_training_years: list[int] = strawberry.field(
        default_factory=list,
        description="Years whose trainer training the person's participation is confirmed for.",
    )

    def to_draft(self, prior: PriorTraining | None) -> RegistrationDraft:
        """The rules' draft, with the prior training already looked up."""
        return RegistrationDraft(
            department_code=self.department_code.strip(),
            full_name=self.full_name,
            email=normalise_email(self.email) if self.email is not None else None,
            employer=self.employer,
            prior_cps_training=prior,
            questionnaire_score=self.questionnaire_score,
            employer_commitment=self.employer_commitment,
            confirmed_trainer_training_years=frozenset(self.confirmed_trainer_training_years),
        )


@strawberry.enum(name="EligibilityStatus", description="The answer of the eligibility query.")
class EligibilityStatus(enum.Enum):
    """Whether the person may register."""

    ELIGIBLE = "ELIGIBLE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    UNDETERMINED = "UNDETERMINED"


if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    RuleOutcome = rule_checks.RuleOutcomeStatus
else:
    RuleOutcome = strawberry.enum(
        rule_checks.RuleOutcomeStatus,
        name="RuleOutcome",
        description="What became of a rule: SATISFIED, VIOLATED, or NOT_EVALUATED (its plugin "
        "failed).",
    )

_STATUS = {
    rule_checks.CheckStatus.PASSED: EligibilityStatus.ELIGIBLE,
    rule_checks.CheckStatus.REFUSED: EligibilityStatus.NOT_ELIGIBLE,
    rule_checks.CheckStatus.UNDETERMINED: EligibilityStatus.UNDETERMINED,
}


@strawberry.type(name="RuleViolation", description="A rule that a draft does not meet.")
class RuleViolationType:
    """A violation: which rule, which field, and why."""

    code: str = strawberry.field(description="Stable code of the rule (or of the input check).")
    field: str = strawberry.field(description="The input field concerned (`departmentCode`…).")
    message: str = strawberry.field(description="Why, in French, to show as it is.")
    plugin: str | None = strawberry.field(
        description="The plugin whose rule it is; null for a check of the input itself."
    )


@strawberry.type(name="EvaluatedRule", description="A rule evaluated, and its outcome.")
class EvaluatedRuleType:
    """One rule in scope of the check."""

    plugin: str = strawberry.field(description="The plugin that enforces it.")
    code: str = strawberry.field(description="Stable code of the rule.")
    subject: RuleSubject = strawberry.field(description="What the rule checks.")
    description: str = strawberry.field(description="The rule in one line, in French.")
    outcome: RuleOutcome = strawberry.field(description="Whether the draft met it.")


@strawberry.type(
    name="Eligibility",
    description="Whether a registration would meet every rule that applies to it.",
)
class EligibilityType:
    """The answer: ELIGIBLE only when every rule ran and none is violated; UNDETERMINED when a
    plugin failed (its rules could not be evaluated), whatever the others say."""

    status: EligibilityStatus = strawberry.field(description="The answer.")
    eligible: bool = strawberry.field(description="True only when the status is ELIGIBLE.")
    violations: list[RuleViolationType] = strawberry.field(
        description="Every rule not met, with its field and French message."
    )
    evaluated_rules: list[EvaluatedRuleType] = strawberry.field(
        description="Every rule that applies, regional and departmental, with its outcome."
    )
    failures: list[PluginFailureType] = strawberry.field(
        description="Plugins that failed while checking: the answer is then UNDETERMINED."
    )

    @classmethod
    def from_check(cls, check: rule_checks.RuleCheck) -> EligibilityType:
        """The GraphQL answer of a check."""
        status = _STATUS[check.status]
        return cls(
            status=status,
            eligible=status is EligibilityStatus.ELIGIBLE,
            violations=[
                RuleViolationType(code=v.code, field=v.field, message=v.message, plugin=v.plugin)
                for v in check.violations
            ],
            evaluated_rules=[
                EvaluatedRuleType(
                    plugin=outcome.plugin,
                    code=outcome.rule.code,
                    subject=outcome.rule.subject,
                    description=outcome.rule.description,
                    outcome=outcome.status,
                )
                for outcome in check.outcomes
            ],
            failures=[PluginFailureType.from_failure(f) for f in check.failures],
        )


@strawberry.type
class EligibilityQuery:
    """The root field of the eligibility check."""

    @strawberry.field(
        description="Would this registration meet every rule that applies (the regional rules "
        "and those of the departments concerned)? Writes nothing; the registration mutations "
        "run the same rules."
    )
    async def eligibility(
        self,
        info: Info,
        target: Annotated[
            relay.GlobalID,
            strawberry.argument(description="ID of the TrainingSession or Event to register to."),
        ],
        registration: Annotated[
            RegistrationDraftInput,
            strawberry.argument(description="What the person declares."),
        ],
    ) -> EligibilityType:
        kind = TARGET_KINDS.get(target.type_name)
        if kind is None:
            raise InputError(
                "INVALID_ID",
                "L'identifiant « target » doit désigner une session (TrainingSession) ou un "
                f"évènement (Event), pas {target.type_name}.",
                field="target",
            )
        async with info.context.session() as db:
            found = await eligibility_service.registration_target(db, kind, target.node_id)
            prior = await _prior_training(db, registration.prior_cps_training)
        if found is None:
            raise InputError(
                "TARGET_NOT_FOUND",
                "Aucune session ni aucun évènement public n'a l'identifiant « target ».",
                field="target",
            )
        check = rule_checks.check_registration(
            info.context.plugin_manager,
            registration.to_draft(prior),
            found,
            today=info.context.clock.today(),
        )
        info.context.plugin_failures.extend(check.failures)
        return EligibilityType.from_check(check)


async def _prior_training(db, given: PriorCpsTrainingInput | None) -> PriorTraining | None:
    if given is None:
        return None
    if given.organization is not None:
        if given.organization.type_name != "Organization":
            raise InputError(
                "INVALID_ID",
                "« priorCpsTraining.organization » doit désigner une organisation (Organization).",
                field="priorCpsTraining",
            )
        prior = await eligibility_service.prior_training_by(db, given.organization.node_id)
        if prior is None:
            raise InputError(
                "ORGANIZATION_NOT_FOUND",
                "Aucune organisation de l'annuaire n'a l'identifiant donné pour la formation CPS.",
                field="priorCpsTraining",
            )
        return prior
    if given.organization_name and given.organization_name.strip():
        return PriorTraining(
            organization_name=given.organization_name.strip(), interactions_member=False
        )
    raise InputError(
        "PRIOR_TRAINING_WITHOUT_ORGANIZATION",
        "Indiquez l'organisation qui a dispensé la formation CPS "
        "(organization ou organizationName).",
        field="priorCpsTraining",
    )
