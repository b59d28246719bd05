"""The public site over HTTP: French pages, filters, details, calendars, errors, caching."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

PAGES = ["/", "/agenda", "/agenda?periode=tout", "/calendriers"]


class Links(HTMLParser):
    """The links, scripts, stylesheets and images of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if tag in ("script", "img") and attributes.get("src"):
            self.resources.append(attributes["src"])
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.resources.append(attributes["href"])


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def detail_paths(html: str) -> list[str]:
    return re.findall(r'href="(/(?:formations|evenements)/[0-9a-f-]+)"', html)


@pytest.fixture
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))
    return clock


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_is_french_html_with_only_its_own_resources(client, in_2025, path):
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for resource in links_of(response.text).resources:
        assert resource.startswith("/static/"), resource


async def test_the_home_page_replaces_the_redirect_and_shows_what_comes_next(client, in_2025):
    response = await client.get("/")
    assert "Former des formateurs" in response.text
    assert "Session 1 (2025) — Module 2" in response.text
    assert "Journée d'échanges de pratique" in html.unescape(response.text)
    assert len(detail_paths(response.text)) >= 6


async def test_the_agenda_is_upcoming_by_default_and_labels_what_is_over(client, clock):
    clock.set_day(date(2025, 10, 3))  # session 5 (Le Mans) is under way, 1 to 3 are over
    upcoming = await client.get("/agenda")
    assert "Session 1 (2025)" not in upcoming.text
    assert "Session 5 (2025)" in upcoming.text and "En cours" in upcoming.text
    past = await client.get("/agenda", params={"periode": "passe"})
    assert "Session 1 (2025)" in past.text and "Terminé" in past.text
    assert "Session 6 (2025)" not in past.text


async def test_the_agenda_filters_by_department_module_and_kind(client, in_2025):
    angers = await client.get("/agenda", params={"departement": "49", "module": "1"})
    titles = re.findall(r'class="item-title"><a [^>]+>([^<]+)<', angers.text)
    assert titles == ["Session 2 (2025) — Module 1", "Session 4 (2025) — Module 1"]
    events = await client.get("/agenda", params={"departement": "53", "type": "evenements"})
    assert "Mayenne" in events.text and "Session" not in "".join(
        re.findall(r'class="item-title"><a [^>]+>([^<]+)<', events.text)
    )


async def test_a_tentative_place_is_said_plainly(client, in_2025):
    response = await client.get("/agenda", params={"departement": "85", "type": "formations"})
    assert "Nantes ou La Roche-sur-Yon — lieu à confirmer" in response.text


async def test_a_wrong_filter_gets_its_french_message_next_to_the_field(client, in_2025):
    response = await client.get("/agenda", params={"departement": "99", "module": "7"})
    assert response.status_code == 400
    assert "Département inconnu « 99 »" in response.text
    assert 'id="erreur-departement"' in response.text
    assert 'aria-describedby="erreur-departement"' in response.text
    assert "Module inconnu « 7 »" in response.text


async def test_a_session_page_has_days_place_prerequisites_seats_and_calendars(client, in_2025):
    agenda = await client.get("/agenda", params={"departement": "72", "type": "formations"})
    (path,) = detail_paths(agenda.text)
    page = await client.get(path)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Session 5 (2025) — Module 2" in text
    assert "jeudi 2 octobre 2025, de 9 h à 17 h" in text
    assert "Le Mans" in text
    assert "80" in text  # the questionnaire's minimum score, among the prerequisites
    public_id = path.rsplit("/", 1)[1]
    hrefs = links_of(page.text).hrefs
    assert f"https://cps.example.org/calendars/sessions/{public_id}.ics" in hrefs
    assert "webcal://cps.example.org/calendars/departments/72.ics" in hrefs
    assert "webcal://cps.example.org/calendars/modules/2.ics" in hrefs


async def test_an_event_page_has_its_day_leaders_and_access_conditions(client, in_2025):
    agenda = await client.get("/agenda", params={"departement": "44", "type": "evenements"})
    page = await client.get(detail_paths(agenda.text)[0])
    assert page.status_code == 200
    assert "mardi 23 septembre 2025" in page.text
    assert "Inscription dans son département obligatoire" in html.unescape(page.text)


async def test_unknown_pages_and_objects_get_a_french_404(client):
    for path in ("/formations/00000000-0000-0000-0000-000000000000", "/evenements/x", "/nulle-part"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "n'existe pas" in html.unescape(response.text)


async def test_the_calendars_page_gives_one_click_subscriptions(client):
    response = await client.get("/calendriers")
    hrefs = links_of(response.text).hrefs
    feed = "https://cps.example.org/calendars/departments/44.ics"
    assert "webcal://cps.example.org/calendars/departments/44.ics" in hrefs
    assert (
        "https://calendar.google.com/calendar/render?cid="
        "webcal%3A%2F%2Fcps.example.org%2Fcalendars%2Fdepartments%2F44.ics"
    ) in hrefs
    outlook = [href for href in hrefs if href.startswith("https://outlook.live.com/")]
    assert any("url=https%3A%2F%2Fcps.example.org%2Fcalendars%2Fdepartments%2F44.ics" in h for h in outlook)
    assert f'value="{feed}"' in response.text
    assert "webcal://cps.example.org/calendars/region.ics" in hrefs
    assert "webcal://cps.example.org/calendars/modules/1.ics" in hrefs
    assert any(href.startswith("webcal://cps.example.org/calendars/trainers/") for href in hrefs)


async def test_a_public_page_revalidates_with_its_etag(client, in_2025):
    first = await client.get("/agenda")
    again = await client.get("/agenda", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


async def test_the_agenda_costs_the_same_statements_whatever_its_length(
    client, in_2025, statements
):
    counts = []
    for params in ({"departement": "72"}, {"periode": "tout"}):  # 2 items, then 11
        with statements.counting() as counter:
            response = await client.get("/agenda", params=params)
        counts.append((counter.count, len(detail_paths(response.text))))
    assert counts[0][0] == counts[1][0]
    assert counts[0][1] < counts[1][1]


async def test_text_is_escaped(client, database, in_2025):
    from sqlalchemy import update

    from core.models import Event

    async with database.sessions() as db, db.begin():
        await db.execute(update(Event).values(description="<script>alert(1)</script>"))
    agenda = await client.get("/agenda", params={"type": "evenements"})
    page = await client.get(detail_paths(agenda.text)[0])
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_session_pages_describe_themselves_to_search_engines_and_previews(client, in_2025):
    agenda = await client.get("/agenda", params={"departement": "72", "type": "formations"})
    (path,) = detail_paths(agenda.text)
    page = await client.get(path)
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.text)
    data = json.loads(raw)
    assert data["@type"] == "EducationEvent"
    assert data["name"] == "Session 5 (2025) — Module 2"
    assert data["startDate"] == "2025-10-02T09:00:00+02:00"
    assert data["location"]["address"]["addressLocality"] == "Le Mans"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert f'<meta property="og:url" content="https://cps.example.org{path}">' in page.text
    assert f'<link rel="canonical" href="https://cps.example.org{path}">' in page.text


async def test_json_ld_cannot_be_closed_by_a_title(client, database, in_2025):
    from sqlalchemy import update

    from core.models import Event

    async with database.sessions() as db, db.begin():
        await db.execute(update(Event).values(title="</script><script>alert(1)</script>"))
    agenda = await client.get("/agenda", params={"type": "evenements"})
    page = await client.get(detail_paths(agenda.text)[0])
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.text)
    assert json.loads(raw)["name"] == "</script><script>alert(1)</script>"


async def test_the_sitemap_lists_every_page_on_the_base_url(client, in_2025):
    response = await client.get("/sitemap.xml")
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [element.text for element in root.iter(namespace + "loc")]
    assert "https://cps.example.org/calendriers" in locations
    assert sum("/formations/" in url for url in locations) == 6
    assert sum("/evenements/" in url for url in locations) == 5
    robots = await client.get("/robots.txt")
    assert "Sitemap: https://cps.example.org/sitemap.xml" in robots.text


async def test_the_api_page_has_examples_that_run_and_the_schema_to_download(client, graphql):
    page = await client.get("/api")
    assert page.status_code == 200
    queries = re.findall(r'<textarea id="requete-[^"]+"[^>]*>(.*?)</textarea>', page.text, re.S)
    variables = re.findall(r'<textarea id="variables-([^"]+)"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert len(queries) == 3
    given = dict(variables)
    for slug, query in zip(re.findall(r'<textarea id="requete-([^"]+)"', page.text), queries):
        body = await graphql(html.unescape(query), json.loads(html.unescape(given.get(slug, "{}"))))
        assert "errors" not in body, (slug, body)
    schema = await client.get("/schema.graphql")
    assert schema.headers["content-type"].startswith("text/plain")
    with open("schema.graphql", encoding="utf-8") as exported:
        assert schema.text == exported.read()


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


async def test_a_feed_opened_in_a_browser_explains_how_to_subscribe(client):
    page = await client.get("/calendars/departments/44.ics", headers={"accept": BROWSER_ACCEPT})
    assert page.headers["content-type"].startswith("text/html")
    assert "Vary" in page.headers and "Accept" in page.headers["vary"]
    assert "webcal://cps.example.org/calendars/departments/44.ics" in links_of(page.text).hrefs
    # Calendar applications get the feed at the same address.
    for accept in ("text/calendar", "*/*", "text/calendar, text/html", None):
        headers = {"accept": accept} if accept else {}
        feed = await client.get("/calendars/departments/44.ics", headers=headers)
        assert feed.headers["content-type"].startswith("text/calendar"), accept
    # A one-click file stays a file; an unknown feed stays a 404; a filter gets the feed.
    agenda = await client.get("/agenda", params={"periode": "tout"})
    session = detail_paths(agenda.text)[0].rsplit("/", 1)[1]
    file = await client.get(f"/calendars/sessions/{session}.ics", headers={"accept": BROWSER_ACCEPT})
    assert file.headers["content-type"].startswith("text/calendar")
    missing = await client.get("/calendars/departments/99.ics", headers={"accept": BROWSER_ACCEPT})
    assert missing.status_code == 404
    filtered = await client.get(
        "/calendars/departments/44.ics?module=1", headers={"accept": BROWSER_ACCEPT}
    )
    assert filtered.headers["content-type"].startswith("text/calendar")


async def test_a_session_page_says_until_when_registration_is_open_and_why_it_closed(
    client, clock
):
    clock.set_day(date(2025, 9, 1))
    agenda = await client.get("/agenda", params={"departement": "72", "type": "formations"})
    (path,) = detail_paths(agenda.text)
    before = html.unescape((await client.get(path)).text)
    assert "Inscriptions ouvertes jusqu'au 02/10/2025 à 9 h 00." in before
    clock.set_day(date(2025, 10, 3))
    during = html.unescape((await client.get(path)).text)
    assert "Inscriptions closes : la session a commencé le 02/10/2025 à 9 h 00." in during
