"""Private calendar feeds made in the back-office, as a coordinator does it: subscribe the
calendar application to a department's calendar (the URL shown once and read by a calendar
parser), give it a new URL, revoke it; department staff see their own only; the feed dies
when the account is disabled."""

from __future__ import annotations

import re

import httpx
from icalendar import Calendar
from sqlalchemy import func, select

from core.auth.viewer import SYSTEM
from core.models import FeedSubscription
from core.models.enums import StaffRole
from core.services import staff_accounts
from tests.backoffice.signing_in import add_account, csrf_of, sign_in_browser
from tests.serving import BASE_URL
from tests.web.test_browser import AXE

PAGE = "/gestion/abonnements"
DEPT_44 = "dept44@pole-cps.example.org"


async def _subscribe(http: httpx.AsyncClient, label: str, calendar: str) -> httpx.Response:
    page = await http.get(PAGE)
    return await http.post(PAGE, data={"csrf": csrf_of(page), "libelle": label, "calendrier": calendar})


def _feed_path(answer: httpx.Response) -> str:
    found = re.search(r'id="adresse">([^<]+)<', answer.text)
    assert found, answer.text
    url = found.group(1)
    assert url.startswith(BASE_URL + "/calendars/private/cal_")
    assert f'href="webcal://{url.split("://", 1)[1]}"' in answer.text
    return url.removeprefix(BASE_URL)


async def _count(app) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(FeedSubscription))


async def test_a_department_account_subscribes_its_calendar_application(
    app, client, department_44_client
):
    answer = await _subscribe(department_44_client, "Outlook du bureau", "44")
    assert answer.status_code == 200
    path = _feed_path(answer)
    feed = await client.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    assert "(privé)" in str(calendar.get("X-WR-CALNAME"))
    again = await department_44_client.get(PAGE)
    assert path not in again.text, "the URL is shown once"
    assert "Outlook du bureau" in again.text and DEPT_44 in again.text and "actif" in again.text


async def test_a_new_url_stops_the_old_one_and_revoking_stops_the_feed(
    app, client, department_44_client
):
    old = _feed_path(await _subscribe(department_44_client, "Téléphone", "44"))
    async with app.state.database.sessions() as db:
        public_id = await db.scalar(select(FeedSubscription.public_id))
    page = await department_44_client.get(PAGE)
    rotated = await department_44_client.post(
        f"{PAGE}/{public_id}/nouvelle-adresse", data={"csrf": csrf_of(page)}
    )
    new = _feed_path(rotated)
    assert (await client.get(old)).status_code == 404
    assert (await client.get(new)).status_code == 200
    revoked = await department_44_client.post(
        f"{PAGE}/{public_id}/revoquer", data={"csrf": csrf_of(page)}
    )
    assert revoked.status_code == 303
    assert (await client.get(new)).status_code == 404
    listed = await department_44_client.get(revoked.headers["location"])
    assert "L&#39;abonnement est révoqué" in listed.text or "L'abonnement est révoqué" in listed.text
    # A revoked subscription gets no new URL.
    refused = await department_44_client.post(
        f"{PAGE}/{public_id}/nouvelle-adresse", data={"csrf": csrf_of(page)}
    )
    assert refused.status_code == 400 and "Cet abonnement est révoqué." in refused.text


async def test_the_feed_dies_when_its_account_is_disabled(app, client, department_44_client):
    path = _feed_path(await _subscribe(department_44_client, "Agenda", "44"))
    async with app.state.database.sessions() as db:
        await staff_accounts.disable_account(db, SYSTEM, DEPT_44, now=app.state.clock.now())
        await db.commit()
        row = await db.scalar(select(FeedSubscription))
    assert row.revoked_at is not None
    assert (await client.get(path)).status_code == 404


async def test_department_staff_see_their_own_and_cannot_follow_another_department(
    app, regional_client, department_44_client
):
    _feed_path(await _subscribe(regional_client, "Région", "region"))
    mine = await department_44_client.get(PAGE)
    assert "Région" not in mine.text and "Aucun abonnement privé." in mine.text
    assert '<option value="region">' not in mine.text and '<option value="85">' not in mine.text
    refused = await _subscribe(department_44_client, "Vendée", "85")
    assert refused.status_code == 403 and "Rien n'a été modifié" in refused.text
    assert await _count(app) == 1
    every = await regional_client.get(PAGE)
    assert "region@pole-cps.example.org" in every.text


async def test_a_missing_label_is_told_next_to_its_field_and_nothing_saved(app, regional_client):
    answer = await _subscribe(regional_client, "  ", "49")
    assert answer.status_code == 400
    assert re.search(r'id="libelle-erreur">[^<]*libellé', answer.text), answer.text
    assert '<option value="49" selected>' in answer.text, "the calendar chosen is kept"
    missing = await _subscribe(regional_client, "Outlook", "")
    assert re.search(r'id="calendrier-erreur">Choisissez', missing.text)
    assert await _count(app) == 0


async def test_a_coordinator_subscribes_in_the_browser(app, visit):
    await add_account(app, DEPT_44, StaffRole.DEPARTMENT, ["44"])
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, DEPT_44)
    await page.goto(visit.base_url + PAGE)
    await page.fill("#libelle", "Outlook du bureau")
    await page.select_option("#calendrier", "44")
    button = page.get_by_role("button", name="Créer l'abonnement")
    await button.focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    url = await page.locator("#adresse").inner_text()
    assert "/calendars/private/cal_" in url
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert visit.foreign == []
