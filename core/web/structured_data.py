"""What search engines and link previews read on a page: schema.org JSON-LD, Open Graph.

A session or event page describes itself as a schema.org ``EducationEvent`` or ``Event``
(its days, place, status and organiser) so that a search engine can show it as an event; the
JSON is written so that no text in it can close the script element it sits in.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from core.services.agenda import AgendaItem, ItemKind
from core.timezone import paris_datetime

ORGANIZER = "Pôle CPS Pays de la Loire"
_STATUS = {True: "https://schema.org/EventCancelled", False: "https://schema.org/EventScheduled"}


def event_json_ld(item: AgendaItem, url: str, base_url: str, description: str) -> Markup:
    """The JSON-LD of a session's or event's page, safe to write inside ``<script>``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationEvent" if item.kind is ItemKind.SESSION else "Event",
        "name": item.title,
        "description": description,
        "url": url,
        "eventStatus": _STATUS[item.cancelled],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": "fr",
        "organizer": {"@type": "Organization", "name": ORGANIZER, "url": base_url + "/"},
    }
    if item.days:
        first, last = item.days[0], item.days[-1]
        data["startDate"] = paris_datetime(first.date, first.starts_at).isoformat()
        data["endDate"] = paris_datetime(last.date, last.ends_at).isoformat()
    places = [
        {
            "@type": "Place",
            "name": place.venue or place.city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": place.city,
                "postalCode": place.postal_code,
                "addressCountry": "FR",
            },
        }
        for place in item.places
    ]
    if len(places) == 1 and not item.tentative:
        data["location"] = places[0]
    elif places:
        data["location"] = places  # the alternatives while the place is tentative
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "<" never appears raw, so "</script>" in a title cannot end the element.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
