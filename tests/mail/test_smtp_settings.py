"""The SMTP server's URL: STARTTLS or TLS, credentials; a wrong scheme stops the service."""

from __future__ import annotations

import pytest

from core.mail.sender import SmtpServer
from core.settings import Settings, SettingsError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("mail.example.org", 25, None, None, False, None)),
        (
            "smtp+starttls://pole%40example.org:s%C3%A9cret@mail.example.org:587",
            ("mail.example.org", 587, "pole@example.org", "sécret", False, True),
        ),
        ("smtps://u:p@mail.example.org", ("mail.example.org", 465, "u", "p", True, False)),
    ],
)
def test_the_smtp_url_says_how_to_connect(url, expected):
    server = SmtpServer.from_url(Settings.from_env(smtp_url=url).smtp_url)
    assert (
        server.hostname, server.port, server.username, server.password,
        server.use_tls, server.start_tls,
    ) == expected


def test_an_smtp_url_of_another_scheme_is_refused():
    with pytest.raises(SettingsError, match="CPS_SMTP_URL"):
        Settings.from_env(smtp_url="http://mail.example.org")
