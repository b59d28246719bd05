"""The page a person's browser gets when a page fails unexpectedly: French, self-contained.

The JSON error of the API is right for programs, but a coordinator who opens a back-office page
or a professional on the public site would see raw JSON. The page is written here, not by
the templates, so that it shows even when what failed is the template engine or the database.
"""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse
from starlette.types import Scope

API_PATHS = ("/graphql", "/calendars/")

_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Erreur interne — Pôle CPS</title>
  <link rel="stylesheet" href="/static/site.css">
</head>
<body>
  <main id="contenu" class="wrap">
    <h1>Une erreur inattendue est survenue</h1>
    <p>La page n'a pas pu être affichée. Si vous envoyiez un formulaire, vérifiez dans un
    instant s'il a été pris en compte avant de le renvoyer.</p>
    <p>Si l'erreur se reproduit, communiquez ce numéro à l'équipe du Pôle CPS :
    <strong>{request_id}</strong>.</p>
    <p><a href="/">Retour à l'accueil</a></p>
  </main>
</body>
</html>
"""


def wants_page(scope: Scope) -> bool:
    """Whether the request comes from a browser reading a page (not the API or a feed)."""
    path: str = scope.get("path", "")
    if path.startswith(API_PATHS):
        return False
    accept = dict(scope.get("headers") or ()).get(b"accept", b"")
    return b"text/html" in accept


def internal_error_page(request_id: str) -> HTMLResponse:
    """The French 500 page, with the request's ID to quote; never cached."""
    return HTMLResponse(
        _PAGE.format(request_id=escape(request_id)),
        status_code=500,
        headers={"Cache-Control": "no-store"},
    )
