"""GraphQL answers in brotli or gzip for the clients that accept them, smaller and revalidated
alike."""

from __future__ import annotations

import gzip

import brotli
import orjson
import pytest

from core.http.compression import choose_coding

PARTNER_QUERY = """
{ sessions(first: 100) { totalCount edges { node {
    id title status placeLabel
    module { number title }
    places { city venue postalCode department { code name } }
    days { date startsAt endsAt }
    trainers { fullName organization { name } }
} } } }
"""


async def _post(client, accept_encoding: str):
    return await client.post(
        "/graphql", json={"query": PARTNER_QUERY}, headers={"accept-encoding": accept_encoding}
    )


async def test_a_partner_query_is_gzipped_when_accepted(client):
    plain = await _post(client, "identity")
    packed = await _post(client, "gzip, deflate")
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    # httpx decodes the body for the caller: the data are the same either way.
    assert orjson.loads(packed.content) == orjson.loads(plain.content)
    # Six seeded sessions shrink about fourfold; 100 sessions tenfold (bench/api.py).
    assert int(packed.headers["content-length"]) * 3 <= len(plain.content)


async def test_q0_refuses_gzip(client):
    response = await _post(client, "gzip;q=0")
    assert "content-encoding" not in response.headers


async def test_a_small_answer_is_not_compressed(client):
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"accept-encoding": "gzip"}
    )
    assert "content-encoding" not in response.headers


async def test_a_gzipped_get_answer_has_its_own_etag_and_revalidates_in_either_form(client):
    params = {"query": PARTNER_QUERY}
    plain = await client.get("/graphql", params=params, headers={"accept-encoding": "identity"})
    packed = await client.get("/graphql", params=params, headers={"accept-encoding": "gzip"})
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    for etag in (plain.headers["etag"], packed.headers["etag"]):
        again = await client.get(
            "/graphql", params=params, headers={"accept-encoding": "gzip", "if-none-match": etag}
        )
        assert again.status_code == 304
    # The gzip bytes are the same on every request, so caches and ETags agree.
    first = gzip.decompress(await _raw_body(client, params))
    assert orjson.loads(first) == orjson.loads(plain.content)


async def _raw_body(client, params) -> bytes:
    async with client.stream(
        "GET", "/graphql", params=params, headers={"accept-encoding": "gzip"}
    ) as response:
        return b"".join([chunk async for chunk in response.aiter_raw()])


async def test_a_partner_query_is_in_brotli_when_accepted_smaller_than_gzip(client):
    plain = await _post(client, "identity")
    packed = await _post(client, "gzip, deflate, br")
    zipped = await _post(client, "gzip")
    assert packed.headers["content-encoding"] == "br"
    assert orjson.loads(packed.content) == orjson.loads(plain.content)
    assert int(packed.headers["content-length"]) < int(zipped.headers["content-length"])


async def test_a_brotli_get_answer_has_its_own_etag_and_revalidates_in_any_form(client):
    params = {"query": PARTNER_QUERY}
    plain = await client.get("/graphql", params=params, headers={"accept-encoding": "identity"})
    async with client.stream(
        "GET", "/graphql", params=params, headers={"accept-encoding": "br"}
    ) as packed:
        raw = b"".join([chunk async for chunk in packed.aiter_raw()])
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-br"'
    assert orjson.loads(brotli.decompress(raw)) == orjson.loads(plain.content)
    for accept in ("br", "gzip", "identity"):
        again = await client.get(
            "/graphql",
            params=params,
            headers={"accept-encoding": accept, "if-none-match": packed.headers["etag"]},
        )
        assert again.status_code == 304


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        (None, None),
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("gzip;q=0.2, br;q=0.8", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("*", "br"),
        ("*;q=0.5, gzip", "gzip"),
        ("br;q=0, *", "gzip"),
        ("gzip;q=nonsense", None),
    ],
)
def test_the_coding_is_the_one_the_client_weighs_highest(accept_encoding, coding):
    assert choose_coding(accept_encoding) == coding
