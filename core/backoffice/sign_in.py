"""Signing in and out of the back-office: ask a link, follow it, press its button, sign out.

Following a link only shows a page; the sign-in is its button's POST, so that a mail client
that fetches links ahead spends nothing. Asking a link answers the same page whether the
address has an account or not.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.backoffice.access import (
    CSRF_REFUSED,
    HOME,
    SESSION_COOKIE,
    SESSION_COOKIE_PATH,
    current_staff,
    forbidden,
    safe_next,
    screen,
)
from core.backoffice.rendering import private, render_page
from core.email_address import is_plausible_email, normalise_email
from core.ratelimit.staff_sign_in import attempt_refused
from core.services import audit, staff_sign_in
from core.services.staff_sign_in import NOBODY, LinkState, SignedIn, Staff
from core.web import csrf

TOO_MANY = (
    "Trop de tentatives de connexion depuis cette adresse ou pour ce compte. "
    "Réessayez dans une heure."
)
LINK_PROBLEMS = {
    LinkState.USED: (
        "Ce lien de connexion a déjà servi",
        "Chaque lien ne sert qu'une fois. Demandez-en un nouveau pour vous connecter.",
    ),
    LinkState.EXPIRED: (
        "Ce lien de connexion a expiré",
        "Un lien n'est valable que {minutes} minutes après avoir été demandé. "
        "Demandez-en un nouveau.",
    ),
    LinkState.UNKNOWN: (
        "Ce lien de connexion n'est pas valable",
        "Vérifiez que l'adresse du lien a été copiée en entier, ou demandez-en un nouveau.",
    ),
}


def _minutes(request: Request) -> int:
    return request.app.state.settings.staff_link_minutes


async def sign_in_form(request: Request) -> Response:
    """``GET /gestion/connexion``: the address to send a link to."""
    next_path = safe_next(request.query_params.get("suite"))
    if await current_staff(request) is not None:
        return private(RedirectResponse(next_path, status_code=303))
    return render_page(
        request,
        "gestion/sign_in.html",
        {
            "next_path": next_path,
            "email": "",
            "error": None,
            "signed_out": "deconnecte" in request.query_params,
            "minutes": _minutes(request),
        },
    )


async def ask_link(request: Request) -> Response:
    """``POST /gestion/connexion``: e-mail a link if the address has an account; the same
    answer either way."""
    form = await request.form()
    next_path = safe_next(str(form.get("suite", "")))
    typed = str(form.get("email", ""))[:400]
    if not csrf.is_genuine(request, form):
        return forbidden(request, None, "CSRF_REFUSED", CSRF_REFUSED)
    address = normalise_email(typed)
    if not is_plausible_email(address):
        return render_page(
            request,
            "gestion/sign_in.html",
            {
                "next_path": next_path,
                "email": typed,
                "error": "Indiquez une adresse électronique complète, par exemple "
                "prenom.nom@exemple.fr.",
                "signed_out": False,
                "minutes": _minutes(request),
            },
            status_code=400,
        )
    if await attempt_refused(request, address):
        return await _too_many(request)
    clock = request.app.state.clock
    async with request.app.state.database.sessions() as db:
        await staff_sign_in.request_link(
            db,
            address,
            now=clock.now(),
            valid_for=timedelta(minutes=_minutes(request)),
            next_path=next_path,
        )
        await db.commit()
    return private(RedirectResponse("/gestion/connexion/envoye", status_code=303))


async def _too_many(request: Request) -> Response:
    async with request.app.state.database.sessions() as db:
        await audit.record(
            db, NOBODY, action="staffSignInRefused", object_type="StaffAccount",
            object_public_id="inconnu", changes={"reason": "rateLimited"},
        )
        await db.commit()
    return render_page(
        request, "gestion/message.html",
        {"heading": "Trop de tentatives", "text": TOO_MANY, "code": "SIGN_IN_RATE_LIMITED"},
        status_code=429,
    )


async def link_sent(request: Request) -> Response:
    """``GET /gestion/connexion/envoye``: check your mailbox (whatever the address was)."""
    return render_page(request, "gestion/link_sent.html", {"minutes": _minutes(request)})


def _link_problem(request: Request, state: LinkState) -> Response:
    heading, text = LINK_PROBLEMS[state]
    return render_page(
        request,
        "gestion/message.html",
        {
            "heading": heading,
            "text": text.format(minutes=_minutes(request)),
            "code": f"LINK_{state.name}",
            "ask_again": True,
        },
        status_code=404 if state is LinkState.UNKNOWN else 410,
    )


async def link_page(request: Request) -> Response:
    """``GET /gestion/connexion/lien/<secret>``: the button that signs in, or why it cannot."""
    async with request.app.state.database.sessions() as db:
        state = await staff_sign_in.link_state(
            db, request.path_params["secret"], now=request.app.state.clock.now()
        )
    if state is not LinkState.VALID:
        return _link_problem(request, state)
    return render_page(
        request,
        "gestion/follow_link.html",
        {"next_path": safe_next(request.query_params.get("suite"))},
    )


async def follow_link(request: Request) -> Response:
    """``POST /gestion/connexion/lien/<secret>``: spend the link, open the session, go on."""
    form = await request.form()
    if not csrf.is_genuine(request, form):
        return forbidden(request, None, "CSRF_REFUSED", CSRF_REFUSED)
    if await attempt_refused(request):
        return await _too_many(request)
    settings = request.app.state.settings
    async with request.app.state.database.sessions() as db:
        outcome = await staff_sign_in.sign_in(
            db,
            request.path_params["secret"],
            now=request.app.state.clock.now(),
            session_length=timedelta(hours=settings.staff_session_hours),
        )
        await db.commit()
    if not isinstance(outcome, SignedIn):
        return _link_problem(request, outcome)
    response = RedirectResponse(safe_next(str(form.get("suite", ""))), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        outcome.cookie,
        max_age=settings.staff_session_hours * 3600,
        path=SESSION_COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return private(response)


@screen()
async def sign_out(request: Request, staff: Staff) -> Response:
    """``POST /gestion/deconnexion``: end this browser's session."""
    async with request.app.state.database.sessions() as db:
        await staff_sign_in.sign_out(
            db, request.cookies.get(SESSION_COOKIE, ""), now=request.app.state.clock.now()
        )
        await db.commit()
    response = RedirectResponse("/gestion/connexion?deconnecte=1", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path=SESSION_COOKIE_PATH, httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


ROUTES = [
    Route("/gestion/connexion", sign_in_form, methods=["GET"]),
    Route("/gestion/connexion", ask_link, methods=["POST"]),
    Route("/gestion/connexion/envoye", link_sent, methods=["GET"]),
    Route("/gestion/connexion/lien/{secret}", link_page, methods=["GET"]),
    Route("/gestion/connexion/lien/{secret}", follow_link, methods=["POST"]),
    Route("/gestion/deconnexion", sign_out, methods=["POST"]),
]

__all__ = ["HOME", "ROUTES"]
