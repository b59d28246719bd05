"""How a person adds a calendar feed to their calendar application, in one click.

Subscribing (the application polls the feed and follows every change) differs from
downloading the file (a copy that never updates): each link here subscribes. Google Calendar
and Outlook on the web take the feed's address in their own "add by URL" pages; Apple
Calendar, Thunderbird and Outlook on the desktop open the ``webcal://`` form.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from core.calendars.links import webcal_url


@dataclass(frozen=True)
class SubscribeLinks:
    """The ways to subscribe to one feed."""

    name: str
    url: str

    @property
    def webcal(self) -> str:
        """Apple Calendar, Thunderbird, Outlook on the desktop."""
        return webcal_url(self.url)

    @property
    def google(self) -> str:
        """Google Calendar's "add by URL" (it takes the ``webcal://`` form)."""
        return "https://calendar.google.com/calendar/render?cid=" + quote(self.webcal, safe="")

    @property
    def outlook_com(self) -> str:
        """Outlook.com's subscription page."""
        query = urlencode({"url": self.url, "name": self.name})
        return f"https://outlook.live.com/calendar/0/addfromweb?{query}"

    @property
    def microsoft_365(self) -> str:
        """Microsoft 365 (Outlook on the web of an organisation)."""
        query = urlencode({"url": self.url, "name": self.name})
        return f"https://outlook.office.com/calendar/0/addfromweb?{query}"
