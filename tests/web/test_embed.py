"""The agenda embedded in a partner's page: an iframe, or a list put in by a script."""

from __future__ import annotations

import asyncio
import html
import socket
from datetime import date

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route


@pytest.fixture(autouse=True)
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))


async def test_the_iframe_page_may_be_framed_and_links_back(client):
    response = await client.get("/integration/agenda", params={"departement": "49", "nombre": "2"})
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    text = html.unescape(response.text)
    assert text.count('class="pole-cps-agenda__item"') == 2
    assert 'href="https://cps.example.org/formations/' in text and 'target="_top"' in text
    site = await client.get("/agenda")
    assert "frame-ancestors 'none'" in site.headers["content-security-policy"]


async def test_the_fragment_is_readable_from_any_origin(client):
    response = await client.get(
        "/integration/agenda", params={"format": "fragment", "module": "2"},
        headers={"origin": "https://partenaire.example.fr"},
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "<html" not in response.text
    assert "Module 2" in response.text and "Module 1" not in response.text


async def test_a_wrong_choice_is_said_in_french(client):
    response = await client.get("/integration/agenda", params={"nombre": "500"})
    assert response.status_code == 400
    assert "Indiquez un nombre de 1 à 20." in html.unescape(response.text)
    builder = await client.get("/integrer", params={"departement": "99"})
    assert builder.status_code == 400
    assert "Département inconnu « 99 »" in html.unescape(builder.text)


async def test_the_builder_gives_both_snippets_for_the_choice(client):
    response = await client.get("/integrer", params={"departement": "44", "nombre": "3"})
    text = html.unescape(response.text)
    assert '<iframe src="https://cps.example.org/integration/agenda?departement=44&nombre=3"' in text
    assert '<div data-pole-cps-agenda="departement=44&nombre=3">' in text
    assert '<script src="https://cps.example.org/static/embed.js" defer></script>' in text


@pytest.fixture
async def partner_site(live_server):
    """A partner's page on another origin, with the iframe and the script snippets."""
    page = f"""<!doctype html><html lang="fr"><head><title>Partenaire</title>
    <style>.pole-cps-agenda__title {{ color: rgb(200, 0, 0); }}</style></head><body>
    <iframe id="cadre" src="{live_server}/integration/agenda?departement=49" title="Agenda"></iframe>
    <div id="liste" data-pole-cps-agenda="module=1&nombre=2">Agenda du Pôle CPS</div>
    <script src="{live_server}/static/embed.js" defer></script></body></html>"""
    partner = Starlette(routes=[Route("/", lambda _request: HTMLResponse(page))])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(partner, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    server.should_exit = True
    await task
    sock.close()


async def test_the_agenda_renders_inside_a_page_of_another_origin(browser, partner_site):
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(partner_site)
    frame = page.frame_locator("#cadre")
    await frame.locator(".pole-cps-agenda__item").first.wait_for()
    assert "Angers" in await frame.locator("main").inner_text()
    listed = page.locator("#liste .pole-cps-agenda__item")
    await listed.first.wait_for()
    assert await listed.count() == 2
    # The partner's stylesheet wins over the script's defaults.
    color = await page.locator("#liste .pole-cps-agenda__title").first.evaluate(
        "element => getComputedStyle(element).color"
    )
    assert color == "rgb(200, 0, 0)"
    await context.close()
