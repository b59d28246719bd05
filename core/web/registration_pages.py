"""``/formations/<id>/inscription`` and ``/evenements/<id>/inscription``: register from the
site, without a partner's form and without JavaScript.

The form is a page of its own, so the session and event pages stay the same bytes for everyone
(cached, with their ETag) while the form carries this browser's CSRF value. One post does one
of two things, by the button pressed: "Vérifier" runs the registration rules on what was typed
and says what is missing, writing nothing; "M'inscrire" registers through the same service as
the ``register`` mutation (the same rules, caps on anonymous registrations and rate-limit weight
as a mutation), and the person is sent to "check your mailbox": the registration counts once the
address is confirmed from the e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.auth.viewer import Viewer
from core.hooks.types import PriorTraining, TargetKind, Violation
from core.http.rate_limit import too_many_requests_message
from core.limits.weight import operation_weight

from core.ratelimit import registration_caps
from core.services import agenda as agenda_service
from core.services import organizations as organizations_service
from core.services import rule_checks, staff_messages
from core.services.eligibility import registration_target
from core.commands import registrations as registration_commands
from core.db import Reader
from core.services.agenda import EventDetail, SessionDetail
from core.web import csrf
from core.web.commanding import command_context
from core.web import registration_form as form_fields
from core.web.pages import database_reader, not_found_page
from core.web.registration_form import Answers
from core.web.rendering import render

DEPARTMENTS = (
    ("44", "Loire-Atlantique (44)"),
    ("49", "Maine-et-Loire (49)"),
    ("53", "Mayenne (53)"),
    ("72", "Sarthe (72)"),
    ("85", "Vendée (85)"),
)
CHECK, REGISTER = "verifier", "inscrire"
EXPIRED_FORM = (
    "Le formulaire a expiré ou n'a pas été envoyé depuis ce site : vérifiez vos réponses, "
    "puis envoyez-le de nouveau."
)
CHOOSE_DEPARTMENT = "Choisissez le département où vous exercez."
ELIGIBLE = "Vous remplissez les conditions pour vous inscrire. Vous pouvez envoyer votre inscription."


@dataclass(frozen=True)
class Target:
    """What the form registers to, as its page shows it."""

    kind: TargetKind
    public_id: str
    detail: SessionDetail | EventDetail
    page_path: str

    @property
    def item(self):
        """The agenda item (title, days, place, status)."""
        return self.detail.item

    @property
    def prerequisites(self) -> tuple:
        """The module's prerequisites (none for an event)."""
        return getattr(self.detail, "prerequisites", ())


async def _target(request: Request, db: Reader) -> Target | None:
    public_id = request.path_params["public_id"]
    detail: SessionDetail | EventDetail | None
    if request.url.path.startswith("/formations/"):
        detail = await agenda_service.session_detail(db, public_id)
        kind, prefix = TargetKind.SESSION, "/formations/"
    else:
        detail = await agenda_service.event_detail(db, public_id)
        kind, prefix = TargetKind.EVENT, "/evenements/"
    if detail is None:
        return None
    return Target(kind, public_id, detail, prefix + public_id)


async def _organizations(db) -> dict[str, PriorTraining]:
    return {
        row.public_id: PriorTraining(row.name, row.interactions_member)
        for row in await organizations_service.by_name(db)
    }


def _page(
    request: Request,
    target: Target,
    organizations: dict[str, PriorTraining],
    answers: Answers,
    *,
    status_code: int = 200,
    eligible: bool = False,
) -> Response:
    standing = agenda_service.standing_of(target.item, request.app.state.clock.now())
    response = render(
        request,
        "registration.html",
        {
            "target": target,
            "item": target.item,
            "standing": standing,
            "answers": answers,
            "eligible": eligible,
            "departments": DEPARTMENTS,
            "organizations": organizations,
            "kinds": form_fields.asked_kinds(target.prerequisites),
            "csrf_token": csrf.token_for(request),
            "fields": form_fields,
        },
        status_code=status_code,
        private=True,
    )
    return csrf.set_cookie(request, response)


async def registration_page(request: Request) -> Response:
    """``GET …/inscription``: the form, with the module's prerequisites as its fields."""
    async with database_reader(request) as db:
        target = await _target(request, db)
        if target is None:
            return not_found_page(request, "Cette session ou cet évènement n'existe pas.")
        organizations = await _organizations(db)
    return _page(request, target, organizations, Answers.blank())


async def send_registration(request: Request) -> Response:
    """``POST …/inscription``: check the answers, or register; nothing is written on error."""
    form = await request.form()
    # One session reads the page's target, the choices and what the rules judge.
    async with request.app.state.database.sessions() as db:
        target = await _target(request, db)
        if target is None:
            return not_found_page(request, "Cette session ou cet évènement n'existe pas.")
        organizations = await _organizations(db)
        rules_target = await registration_target(db, target.kind, target.public_id)
    answers = Answers.read(form)
    if not csrf.is_genuine(request, form):
        answers.add(None, EXPIRED_FORM)
        return _page(request, target, organizations, answers, status_code=403)
    if form.get(form_fields.HONEYPOT):
        # A robot: it is told what a person is told, and nothing is written.
        return _sent(target)
    draft = form_fields.draft_of(answers, organizations)
    chosen = bool(answers.values[form_fields.DEPARTMENT])
    if not chosen:
        answers.add(form_fields.DEPARTMENT, CHOOSE_DEPARTMENT)
    answers.add_violations(
        v for v in rule_checks.registration_input_errors(draft)
        if chosen or v.field != "departmentCode"
    )
    if form.get("action") != REGISTER:
        if chosen and rules_target is not None:
            check = rule_checks.check_registration(
                request.app.state.plugin_manager, draft, rules_target,
                today=request.app.state.clock.today(),
            )
            # A field whose answer is malformed already says so; the rule would repeat it.
            answers.add_violations(
                v for v in check.violations
                if not answers.errors.get(form_fields.FIELD_OF_RULE.get(v.field, ""))
            )
            answers.add_violations(
                rule_checks.failure_violations(check, "target", staff_messages.RULES_UNDETERMINED)
            )
        return _page(
            request, target, organizations, answers,
            status_code=422 if answers.error_count else 200,
            eligible=not answers.error_count,
        )
    if answers.error_count:
        return _page(request, target, organizations, answers, status_code=422)
    if refusal := await _over_limits(request, target):
        answers.add(None, refusal)
        return _page(request, target, organizations, answers, status_code=429)
    violations = await _register(request, target, draft)
    if violations:
        answers.add_violations(violations)
        return _page(request, target, organizations, answers, status_code=422)
    await registration_caps.count_registration(request, target.public_id)
    return _sent(target)


async def charged_as_a_mutation(request: Request) -> str | None:
    """Charge this post on its caller's rate limit what a mutation weighs; why it is refused,
    when the caller is past the limit."""
    limiter = getattr(request.app.state, "rate_limiter", None)
    caller = request.scope.get("state", {}).get("rate_limit_caller")
    if limiter is None or caller is None:
        return None
    verdict = await limiter.charge(caller, operation_weight(1, 0, request.app.state.settings))
    return None if verdict.allowed else too_many_requests_message(verdict, limiter.window_seconds)


async def _over_limits(request: Request, target: Target) -> str | None:
    """Why one more registration from this caller is refused now, if it is: a registration
    weighs on the rate limit what the ``register`` mutation weighs, and is capped alike."""
    if refusal := await charged_as_a_mutation(request):
        return refusal
    settings = request.app.state.settings
    capped = await registration_caps.cap_reached(request, settings, target.public_id)
    return capped.message if capped else None


async def _register(request: Request, target: Target, draft) -> list[Violation]:
    """Register through the ``register`` command, as a visitor without a token."""
    result = await registration_commands.register(
        command_context(request, Viewer()), target.kind, target.public_id, draft
    )
    return list(result.errors)


def _sent(target: Target) -> Response:
    return RedirectResponse(target.page_path + "/inscription/envoyee", status_code=303)


async def registration_sent(request: Request) -> Response:
    """``GET …/inscription/envoyee``: check your mailbox."""
    async with database_reader(request) as db:
        target = await _target(request, db)
    if target is None:
        return not_found_page(request, "Cette session ou cet évènement n'existe pas.")
    return render(request, "registration_sent.html", {"target": target, "item": target.item})
