"""The regional pages about programs' access: API tokens (the secret shown once), private
calendar subscriptions (owner, last use, revoke), webhooks and their delivery logs."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from core.auth.secrets import digest
from core.auth.viewer import Viewer
from core.models import ApiToken, AuditEntry, Webhook, WebhookDelivery
from core.models.enums import StaffRole
from core.services import api_tokens, feed_subscriptions
from core.calendars.keys import FeedKind
from tests.backoffice.signing_in import csrf_of


async def _actions(app) -> list[str]:
    async with app.state.database.sessions() as db:
        return list(await db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_a_token_is_created_with_its_secret_shown_once_then_revoked(app, regional_client):
    page = await regional_client.get("/gestion/jetons")
    created = await regional_client.post(
        "/gestion/jetons",
        data={"csrf": csrf_of(page), "nom": "Site du CD 44", "role": "DEPARTMENT",
              "departements": ["44"], "expiration": "31/12/2026"},
    )
    assert created.status_code == 200
    secret = re.search(r'<p class="secret" id="secret">(cps_[^<]+)</p>', created.text).group(1)
    async with app.state.database.sessions() as db:
        row = await db.scalar(select(ApiToken).where(ApiToken.name == "Site du CD 44"))
    assert row.token_hash == digest(secret) and row.department_codes == ["44"]
    listed = (await regional_client.get("/gestion/jetons")).text
    assert secret not in listed and "Site du CD 44" in listed and "jusqu'au 31/12/2026" in listed
    answer = await regional_client.post(
        f"/gestion/jetons/{row.public_id}/revoquer", data={"csrf": csrf_of(page)}
    )
    assert answer.status_code == 303
    assert "révoqué" in (await regional_client.get(answer.headers["location"])).text
    assert {"token.create", "token.revoke"} <= set(await _actions(app))


async def test_a_token_form_mistake_is_shown_next_to_its_field(app, regional_client):
    page = await regional_client.get("/gestion/jetons")
    refused = await regional_client.post(
        "/gestion/jetons",
        data={"csrf": csrf_of(page), "nom": "Sans département", "role": "DEPARTMENT",
              "expiration": "32/01/2026"},
    )
    assert refused.status_code == 400
    assert 'id="expiration-erreur"' in refused.text and 'value="Sans département"' in refused.text
    refused = await regional_client.post(
        "/gestion/jetons",
        data={"csrf": csrf_of(page), "nom": "Sans département", "role": "DEPARTMENT"},
    )
    assert refused.status_code == 400
    assert 'id="departements-erreur">Un jeton de département doit nommer au moins un département.' in refused.text
    async with app.state.database.sessions() as db:
        assert await db.scalar(select(ApiToken).where(ApiToken.name == "Sans département")) is None


async def test_private_subscriptions_show_their_owner_and_are_revoked(app, regional_client):
    async with app.state.database.sessions() as db:
        created = await api_tokens.create_token(
            db, role=StaffRole.DEPARTMENT, name="Agenda de Béatrice", department_codes=["49"]
        )
        owner = Viewer(role=StaffRole.DEPARTMENT, department_codes=frozenset({"49"}),
                       token_id=created.row.id, token_name=created.row.name)
        issued = await feed_subscriptions.create(
            db, owner, label="Thunderbird du bureau", kind=FeedKind.DEPARTMENT, key="49"
        )
        await db.commit()
    page = await regional_client.get("/gestion/abonnements")
    row = re.search(r"<tr>\s*<th scope=\"row\">Thunderbird du bureau</th>(.*?)</tr>", page.text, re.S).group(1)
    assert "département 49" in row and "Agenda de Béatrice" in row and "jamais" in row and "actif" in row
    answer = await regional_client.post(
        f"/gestion/abonnements/{issued.row.public_id}/revoquer", data={"csrf": csrf_of(page)}
    )
    assert answer.status_code == 303
    assert "révoqué" in (await regional_client.get("/gestion/abonnements")).text
    assert "calendar_subscription.revoke" in await _actions(app)


async def test_webhooks_show_their_delivery_log(app, regional_client):
    async with app.state.database.sessions() as db:
        hook = Webhook(
            url="https://partenaire.example/crochet", event_types=["session.updated"],
            secret="whsec_x", created_by="partner:Partenaire", contact_email="dev@partenaire.example",
        )
        db.add(hook)
        await db.flush()
        db.add(WebhookDelivery(
            webhook_id=hook.id, message_id=str(uuid.uuid4()), event_type="session.updated",
            succeeded=False, status_code=503, duration_ms=120, error="Service Unavailable",
        ))
        await db.commit()
    listed = (await regional_client.get("/gestion/webhooks")).text
    assert "https://partenaire.example/crochet" in listed and "503 — Service Unavailable" in listed
    one = await regional_client.get(f"/gestion/webhooks/{hook.public_id}")
    assert "Journal des envois" in one.text and "120 ms" in one.text
    assert (await regional_client.get("/gestion/webhooks/inconnu")).status_code == 404
