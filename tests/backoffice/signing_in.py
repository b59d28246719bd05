"""Signing staff in as they do: an account, a link asked on the sign-in page, the e-mail read
from the outbox (composed exactly as it would be sent), its link followed, its button pressed."""

from __future__ import annotations

import re
from collections.abc import Sequence

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from core.auth.viewer import SYSTEM
from core.mail.render import compose
from core.models import OutboxMessage
from core.models.enums import StaffRole
from core.services import staff_accounts
from core.web.csrf import COOKIE as CSRF_COOKIE
from tests.mail.smtp import links_in

_CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


async def add_account(
    app: Starlette, email: str, role: StaffRole, departments: Sequence[str] = ()
) -> None:
    """Create a staff account (as ``cps staff add`` does)."""
    async with app.state.database.sessions() as db:
        await staff_accounts.add_account(
            db, SYSTEM, email=email, role=role, department_codes=departments
        )
        await db.commit()


def csrf_of(page: httpx.Response) -> str:
    """The CSRF value the forms of a back-office page carry."""
    found = _CSRF_FIELD.search(page.text)
    assert found is not None, "no CSRF field on the page"
    return found.group(1)


async def sign_in_emails(app: Starlette, email: str) -> list[OutboxMessage]:
    """The sign-in e-mails written to ``email``, oldest first."""
    async with app.state.database.sessions() as db:
        return list(
            await db.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.recipient == email.strip().lower(),
                    OutboxMessage.topic == "staff_sign_in",
                )
                .order_by(OutboxMessage.id)
            )
        )


async def latest_link(app: Starlette, email: str) -> str:
    """The path of the latest sign-in link e-mailed to ``email``."""
    emails = await sign_in_emails(app, email)
    assert emails, f"no sign-in e-mail to {email}"
    settings = app.state.settings
    [link] = links_in(compose(emails[-1], settings), settings.base_url)
    return link


async def ask_link(http: httpx.AsyncClient, email: str, next_path: str = "") -> httpx.Response:
    """Ask a sign-in link for ``email`` on the sign-in page (with its CSRF token)."""
    form = await http.get("/gestion/connexion")
    return await http.post(
        "/gestion/connexion",
        data={"csrf": csrf_of(form), "email": email, "suite": next_path},
    )


async def follow(http: httpx.AsyncClient, link: str) -> httpx.Response:
    """Open an e-mailed sign-in link and press its button."""
    page = await http.get(link)
    if page.status_code != 200:
        return page
    return await http.post(link, data={"csrf": csrf_of(page), "suite": ""})


async def signed_in(
    http: httpx.AsyncClient,
    app: Starlette,
    role: StaffRole = StaffRole.REGIONAL,
    departments: Sequence[str] = (),
    email: str | None = None,
) -> str:
    """Sign ``http`` in with a new account of ``role`` (and ``departments``); its address."""
    email = email or (
        "region@pole-cps.example.org"
        if role is StaffRole.REGIONAL
        else f"dept{'-'.join(departments)}@pole-cps.example.org"
    )
    await add_account(app, email, role, departments)
    asked = await ask_link(http, email)
    assert asked.status_code == 303, asked.text
    answer = await follow(http, await latest_link(app, email))
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/gestion"
    return email


def csrf_cookie(http: httpx.AsyncClient) -> str:
    """The CSRF cookie of ``http`` (the value a posted form must echo)."""
    return http.cookies[CSRF_COOKIE]


async def sign_in_browser(page, base_url: str, app: Starlette, email: str) -> None:
    """Sign a browser tab in through the pages, with the keyboard: type the address, send,
    open the e-mailed link, press "Se connecter"; the tab ends on the dashboard."""
    await page.goto(base_url + "/gestion/connexion")
    await page.focus("#email")
    await page.keyboard.type(email)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert page.url.endswith("/gestion/connexion/envoye")
    await page.goto(base_url + await latest_link(app, email))
    button = page.get_by_role("button", name="Se connecter")
    await button.focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert page.url == base_url + "/gestion"
