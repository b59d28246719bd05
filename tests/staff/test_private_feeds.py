"""Private calendar feeds: a token per subscription in the URL, rotation, revocation, scope."""

from __future__ import annotations

import logging

from icalendar import Calendar

CREATE_MEETING = """
mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } errors { code } } }
"""
SUBSCRIBE = """
mutation($label: String!, $scope: PrivateCalendarScope!, $code: String) {
  createCalendarSubscription(label: $label, scope: $scope, departmentCode: $code) {
    subscription { id label scope departmentCode lastUsedAt revokedAt } url webcalUrl
  }
}
"""
ROTATE = "mutation($id: ID!) { rotateCalendarSubscription(id: $id) { url } }"
REVOKE = "mutation($id: ID!) { revokeCalendarSubscription(id: $id) { subscription { revokedAt } } }"
LIST = "{ calendarSubscriptions { label lastUsedAt revokedAt } }"
MEETING_TITLE = "Réunion du COTER 44 (interne)"


async def _meeting(staff) -> None:
    created = await staff.data(
        CREATE_MEETING,
        {"input": {
            "kind": "COTER_MEETING", "title": MEETING_TITLE, "year": 2099, "date": "2099-03-10",
            "startTime": "14:00:00", "endTime": "16:00:00", "departmentCode": "44",
            "city": "Nantes", "postalCode": "44000", "isPublic": False,
        }},
    )
    assert created["createEvent"]["errors"] == []


def _summaries(body: bytes) -> list[str]:
    calendar = Calendar.from_ical(body)
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


async def test_a_private_feed_adds_the_non_public_events_and_dies_when_revoked(
    staff_44, client, caplog
):
    await _meeting(staff_44)
    answer = (await staff_44.data(SUBSCRIBE, {"label": "Outlook du bureau", "scope": "DEPARTMENT",
                                              "code": "44"}))["createCalendarSubscription"]
    url = answer["url"]
    assert url.startswith("https://cps.example.org/calendars/private/cal_")
    assert answer["webcalUrl"] == "webcal://" + url.split("://")[1]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    with caplog.at_level(logging.INFO, logger="cps.access"):
        private = await client.get(url)
    assert private.status_code == 200, private.text
    assert private.headers["cache-control"].startswith("private")
    assert MEETING_TITLE in _summaries(private.content)
    assert token not in caplog.text and "/calendars/private/[jeton].ics" in caplog.text
    public = await client.get("/calendars/departments/44.ics")
    assert MEETING_TITLE not in _summaries(public.content)
    region = await client.get("/calendars/region.ics")
    assert MEETING_TITLE not in _summaries(region.content)

    again = await client.get(url, headers={"If-None-Match": private.headers["etag"]})
    assert again.status_code == 304
    listed = (await staff_44.data(LIST))["calendarSubscriptions"]
    assert listed[0]["label"] == "Outlook du bureau" and listed[0]["lastUsedAt"]

    rotated = (await staff_44.data(ROTATE, {"id": answer["subscription"]["id"]}))
    new_url = rotated["rotateCalendarSubscription"]["url"]
    assert (await client.get(url)).status_code == 404
    assert (await client.get(new_url)).status_code == 200

    await staff_44.data(REVOKE, {"id": answer["subscription"]["id"]})
    gone = await client.get(new_url)
    assert gone.status_code == 404 and "révoqué" in gone.text
    assert (await client.get("/calendars/private/cal_inventé.ics")).status_code == 404


async def test_private_feeds_follow_the_tokens_departments(staff_44, graphql, regional):
    forbidden = await staff_44(SUBSCRIBE, {"label": "x", "scope": "DEPARTMENT", "code": "49"})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    region = await staff_44(SUBSCRIBE, {"label": "x", "scope": "REGION"})
    assert region["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await graphql(SUBSCRIBE, {"label": "x", "scope": "REGION"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    mine = await regional.data(SUBSCRIBE, {"label": "Pôle", "scope": "REGION"})
    subscription = mine["createCalendarSubscription"]["subscription"]
    # Department staff cannot rotate or revoke another's subscription.
    other = await staff_44(ROTATE, {"id": subscription["id"]})
    assert other["errors"][0]["extensions"]["code"] == "SUBSCRIPTION_NOT_FOUND"
