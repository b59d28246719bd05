"""Rate limiting: per address for anonymous callers, per token for partners, with 429 and
Retry-After, counted where every worker sees it (the database, or Redis)."""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, update
from starlette.applications import Starlette

from core.clock import SettableClock
from core.db import utcnow
from core.models import ApiToken
from core.models.enums import StaffRole
from core.ratelimit.policy import CallerPolicy, Tier, TierCache
from core.settings import Settings
from core.timezone import PARIS
from core.services.api_tokens import create_token, revoke_token
from tests.conftest import StatementCounter
from tests.serving import PARTNER_QUERY, client_of, partner_query_succeeds, running, settings_for
from tests.services import unavailable

FLOODER = "198.51.100.66"
NEIGHBOUR = "203.0.113.20"
QUERY = {"query": "{ __typename }"}
PARTNER_TOKEN = "jeton-du-site-partenaire"


# Windows are aligned on the clock (60 s here). The app's clock stands still 20 s into a
# window, so that every request of a test is counted in that window, whatever time it is.
MID_WINDOW = datetime(2025, 3, 1, 8, 0, 20, tzinfo=PARIS)


def mid_window() -> SettableClock:
    """A clock stopped 20 s into a rate-limit window (40 s left)."""
    return SettableClock(MID_WINDOW)


async def statuses(http, count: int, **headers: str) -> list[int]:
    """The statuses of ``count`` identical requests."""
    return [
        (await http.post("/graphql", json=QUERY, headers=headers)).status_code for _ in range(count)
    ]


async def test_a_flood_from_one_address_gets_429_while_others_are_served(database_url):
    async with running(settings_for(database_url, rate_limit_anonymous=5), mid_window()) as app:
        async with client_of(app, FLOODER) as flooder:
            assert await statuses(flooder, 5) == [200] * 5
            refused = await flooder.post("/graphql", json=QUERY)
            probe = await flooder.get("/healthz")
        async with client_of(app, NEIGHBOUR) as neighbour:
            await partner_query_succeeds(neighbour)
            metrics = (await neighbour.get("/metrics")).text
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "40"  # the stopped clock is 20 s into the window
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["limit"] == 5 and error["extensions"]["windowSeconds"] == 60
    assert "5 requêtes par 60 s" in error["message"]
    assert probe.status_code == 200  # probes are never limited
    assert 'cps_rate_limit_refusals_total{tier="anonymous"} 1.0' in metrics


async def test_a_new_window_counts_afresh(database_url):
    clock = mid_window()
    async with running(settings_for(database_url, rate_limit_anonymous=2), clock) as app:
        async with client_of(app, FLOODER) as flooder:
            assert await statuses(flooder, 3) == [200, 200, 429]
            clock.set(MID_WINDOW + timedelta(seconds=39))
            assert await statuses(flooder, 1) == [429]  # still the same window
            clock.set(MID_WINDOW + timedelta(seconds=40))
            assert await statuses(flooder, 3) == [200, 200, 429]


async def test_partners_get_a_higher_limit_and_unknown_tokens_count_as_anonymous(database_url):
    digest = hashlib.sha256(PARTNER_TOKEN.encode()).hexdigest()
    settings = settings_for(
        database_url, rate_limit_anonymous=2, rate_limit_partner=6, partner_token_hashes=digest
    )
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as http:
        partner = {"authorization": f"Bearer {PARTNER_TOKEN}"}
        assert await statuses(http, 7, **partner) == [200] * 6 + [429]
        # Inventing tokens gains nothing: each is counted by address, as without one.
        invented = [{"authorization": f"Bearer {uuid.uuid4()}"} for _ in range(3)]
        answers = [await http.post("/graphql", json=QUERY, headers=h) for h in invented]
        assert [answer.status_code for answer in answers] == [200, 200, 429]


async def token_of(
    app: Starlette, role: StaffRole, *departments: str, revoked: bool = False, expired: bool = False
) -> str:
    """The secret of a new token in ``app``'s database, revoked or expired if asked."""
    async with app.state.database.sessions() as db:
        created = await create_token(
            db, role=role, name=f"{role} test", department_codes=departments
        )
        if revoked:
            await revoke_token(db, created.row.public_id)
        if expired:
            await db.execute(
                update(ApiToken)
                .where(ApiToken.id == created.row.id)
                .values(expires_at=utcnow() - timedelta(days=1))
            )
        await db.commit()
    return created.secret


def bearer(secret: str) -> dict[str, str]:
    """The header that sends ``secret``."""
    return {"authorization": f"Bearer {secret}"}


async def test_database_tokens_get_the_partner_limit_counted_per_token(database_url, caplog):
    settings = settings_for(database_url, rate_limit_anonymous=2, rate_limit_partner=5)
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as http:
        partner = await token_of(app, StaffRole.PARTNER)
        regional = await token_of(app, StaffRole.REGIONAL)
        department = await token_of(app, StaffRole.DEPARTMENT, "44")
        with caplog.at_level(logging.INFO, logger="cps.access"):
            assert await statuses(http, 6, **bearer(partner)) == [200] * 5 + [429]
            # Staff tokens get the same limit, each its own count.
            assert await statuses(http, 6, **bearer(regional)) == [200] * 5 + [429]
            assert await statuses(http, 6, **bearer(department)) == [200] * 5 + [429]
            # The address's own count was not touched by the tokens' requests.
            assert await statuses(http, 3) == [200, 200, 429]
            refused = await http.post("/graphql", json=QUERY, headers=bearer(partner))
    [error] = refused.json()["errors"]
    assert error["extensions"]["limit"] == 5
    # The access-log line names the tier each request was counted in.
    tiers = [record.tier for record in caplog.records if record.name == "cps.access"]
    assert tiers == ["partner"] * 18 + ["anonymous"] * 3 + ["partner"]


async def test_revoked_expired_and_invented_tokens_count_with_their_address(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=4, rate_limit_partner=50)
    async with running(settings, mid_window()) as app:
        revoked = await token_of(app, StaffRole.PARTNER, revoked=True)
        expired = await token_of(app, StaffRole.REGIONAL, expired=True)
        invented = "cps_" + uuid.uuid4().hex
        async with client_of(app, FLOODER) as http:
            answers = [
                *await statuses(http, 1, **bearer(revoked)),
                *await statuses(http, 1, **bearer(expired)),
                *await statuses(http, 1, **bearer(invented)),
                *await statuses(http, 1),
                *await statuses(http, 1, **bearer(revoked)),
            ]
        async with client_of(app, NEIGHBOUR) as neighbour:
            other = await statuses(neighbour, 1, **bearer(revoked))
    assert answers == [200, 200, 200, 200, 429]
    assert other == [200]


async def test_a_token_is_looked_up_once_and_a_revocation_is_seen_after_the_cache_time(
    database_url,
):
    now = [1000.0]
    settings = settings_for(database_url)
    async with running(settings, mid_window()) as app:
        secret = await token_of(app, StaffRole.PARTNER)
        policy = CallerPolicy(
            settings, app.state.database, cache=TierCache(30, 100, clock=lambda: now[0])
        )
        scope = {
            "type": "http",
            "headers": [(b"authorization", f"Bearer {secret}".encode())],
            "client": (FLOODER, 1),
        }
        with StatementCounter(app.state.database).counting() as queries:
            assert (await policy.identify(scope)).tier is Tier.PARTNER
            assert (await policy.identify(scope)).tier is Tier.PARTNER
        assert queries.count == 1
        async with app.state.database.sessions() as db:
            [row] = (await db.scalars(select(ApiToken))).all()
            await revoke_token(db, row.public_id)
            await db.commit()
        now[0] += 29
        assert (await policy.identify(scope)).tier is Tier.PARTNER  # still believed
        now[0] += 2
        caller = await policy.identify(scope)
    assert caller.tier is Tier.ANONYMOUS and caller.key == f"address:{FLOODER}"


async def test_forwarded_addresses_are_believed_from_trusted_proxies_only(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=2, trusted_proxies="10.0.0.0/8")
    async with running(settings, mid_window()) as app:
        async with client_of(app, "10.0.0.5") as proxy:
            first = await statuses(proxy, 3, **{"x-forwarded-for": f"{FLOODER}, 10.0.0.9"})
            other = await statuses(proxy, 1, **{"x-forwarded-for": NEIGHBOUR})
        async with client_of(app, NEIGHBOUR) as direct:
            # Not a proxy: its X-Forwarded-For is ignored, it is counted as itself.
            spoofed = await statuses(direct, 2, **{"x-forwarded-for": "192.0.2.1"})
    assert first == [200, 200, 429]
    assert other == [200]
    assert spoofed == [200, 429]


async def test_the_count_is_shared_by_workers_through_the_database(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=5)
    async with running(settings, mid_window()) as one, running(settings, mid_window()) as two:
        async with client_of(one, FLOODER) as first, client_of(two, FLOODER) as second:
            assert await statuses(first, 3) == [200] * 3
            assert await statuses(second, 3) == [200, 200, 429]
            assert (await first.post("/graphql", json=QUERY)).status_code == 429


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    """A reachable Redis (``CPS_TEST_REDIS_URL``, by default the local one)."""
    url = os.environ.get("CPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = Redis.from_url(url, socket_connect_timeout=1)
    try:
        await client.ping()
    except (OSError, ConnectionError, Exception) as error:  # noqa: BLE001
        unavailable("Redis", f"{url} ({error})")
    finally:
        await client.aclose()
    yield url


async def test_the_count_is_shared_by_workers_through_redis(database_url, redis_url):
    prefix = f"cps-test-{uuid.uuid4().hex}:"
    settings = settings_for(
        database_url, rate_limit_anonymous=5, redis_url=redis_url, redis_prefix=prefix
    )
    try:
        async with (
            running(settings, mid_window()) as one,
            running(settings, mid_window()) as two,
        ):
            async with client_of(one, FLOODER) as first, client_of(two, FLOODER) as second:
                assert await statuses(first, 3) == [200] * 3
                assert await statuses(second, 3) == [200, 200, 429]
            async with client_of(two, NEIGHBOUR) as neighbour:
                await partner_query_succeeds(neighbour)
    finally:
        client = Redis.from_url(redis_url)
        keys = [key async for key in client.scan_iter(f"{prefix}*")]
        assert keys, "the counters were not in Redis"
        await client.delete(*keys)
        await client.aclose()


async def test_an_unreachable_redis_limits_each_worker_alone_and_says_so(database_url, caplog):
    settings = settings_for(
        database_url, rate_limit_anonymous=20, redis_url="redis://127.0.0.1:1/0"
    )
    with caplog.at_level(logging.WARNING, logger="cps.ratelimit"):
        async with running(settings, mid_window()) as app:
            async with client_of(app, FLOODER) as flooder:
                answered = await statuses(flooder, 30)
                ready = await flooder.get("/readyz")
                metrics = (await flooder.get("/metrics")).text
            async with client_of(app, NEIGHBOUR) as neighbour:
                await partner_query_succeeds(neighbour)
    assert answered == [200] * 20 + [429] * 10
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    [degraded] = ready.json()["degraded"]
    assert degraded["code"] == "RATE_LIMIT_STORE_UNREACHABLE"
    assert "cps_rate_limit_store_failures_total 30.0" in metrics
    warnings = [r for r in caplog.records if "rate-limit store failed" in r.getMessage()]
    assert len(warnings) == 1


async def test_readyz_reports_no_degradation_with_a_working_store(app, client):
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


async def test_the_addresses_of_one_ipv6_64_share_one_budget(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=8)
    async with running(settings, mid_window()) as app:
        answered = []
        for n in range(1, 11):
            async with client_of(app, f"2001:db8:1:2::{n:x}") as http:
                answered += await statuses(http, 1)
        async with client_of(app, "2001:db8:1:3::1") as other_64:
            await partner_query_succeeds(other_64)
    assert answered == [200] * 8 + [429] * 2


async def test_a_mutation_weighs_more_than_a_query(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=30, rate_limit_mutation_weight=10)
    mutation = {
        "query": "mutation($r: String!) { cancelMyRegistration(reference: $r) { errors { code } } }",
        "variables": {"r": "inconnue"},
    }
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as http:
        answered = [(await http.post("/graphql", json=mutation)).status_code for _ in range(4)]
        refused = await http.post("/graphql", json=mutation)
    assert answered == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_limit_of_zero_turns_the_rate_limit_off(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=0, rate_limit_partner=0)
    async with running(settings, mid_window()) as app, client_of(app) as http:
        assert app.state.rate_limiter is None
        assert await statuses(http, 3) == [200] * 3


async def test_a_costly_query_weighs_more_than_a_cheap_one(database_url):
    settings = settings_for(database_url, rate_limit_anonymous=20, rate_limit_cost_per_request=100)
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as http:
        # The partner query may return 700 objects: 1 request and 7 more.
        costly = [
            (await http.post("/graphql", json={"query": PARTNER_QUERY, "variables": {"first": 100}}))
            for _ in range(3)
        ]
    assert [response.status_code for response in costly] == [200, 200, 429]
    assert costly[2].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "requête coûteuse" in costly[2].json()["errors"][0]["message"]


async def test_redis_lost_at_run_time_leaves_each_worker_limiting(database_url, redis_url):
    prefix = f"cps-test-{uuid.uuid4().hex}:"
    settings = settings_for(
        database_url, rate_limit_anonymous=10, redis_url=redis_url, redis_prefix=prefix
    )
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as http:
        before = await statuses(http, 4)
        assert (await http.get("/readyz")).json() == {"status": "ready"}
        # Redis goes away: the store's client now reaches nothing.
        store = app.state.rate_limiter.store
        await store.client.aclose()
        store.client = Redis.from_url(
            "redis://127.0.0.1:1/0", socket_timeout=1.0, socket_connect_timeout=1.0
        )
        after = await statuses(http, 12)
        ready = await http.get("/readyz")
    client = Redis.from_url(redis_url)
    await client.delete(*[key async for key in client.scan_iter(f"{prefix}*")])
    await client.aclose()
    assert before == [200] * 4
    # This worker counts again from zero, alone, but still stops at the limit.
    assert after == [200] * 10 + [429] * 2
    assert ready.status_code == 200
    assert ready.json()["degraded"][0]["code"] == "RATE_LIMIT_STORE_UNREACHABLE"


async def test_feed_polls_have_their_own_budget_and_abusive_volumes_are_still_refused(
    database_url,
):
    settings = settings_for(database_url, rate_limit_anonymous=3, rate_limit_feeds=8)
    feed = "/calendars/departments/44.ics"
    async with running(settings, mid_window()) as app, client_of(app, FLOODER) as fetcher:
        first = await fetcher.get(feed)
        etag = {"if-none-match": first.headers["etag"]}
        polls = [first.status_code] + [
            (await fetcher.get(feed, headers=etag)).status_code for _ in range(6)
        ]
        # The API's own limit is untouched by the polls, and the polls by the API's requests.
        assert await statuses(fetcher, 4) == [200, 200, 200, 429]
        assert (await fetcher.head(feed)).status_code == 200
        refused = await fetcher.get(feed, headers=etag)
    assert polls == [200] + [304] * 6
    assert refused.status_code == 429 and refused.json()["errors"][0]["extensions"]["limit"] == 8
    assert "lecture des calendriers" in refused.json()["errors"][0]["message"]
    assert Settings.from_env().rate_limit_feeds >= 20 * Settings.from_env().rate_limit_anonymous
