"""The one place where the environment is read.

Every setting is an environment variable prefixed with ``CPS_``; ``Settings.from_env`` reads them
once, validates them and raises ``SettingsError`` with one readable line when a value is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, IPvAnyNetwork, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./cps.sqlite3"


class SettingsError(Exception):
    """Raised when a setting has a malformed value; the message names the variable."""


class Settings(BaseSettings):
    """Configuration of the service, read from ``CPS_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="CPS_", frozen=True, extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL; sqlite or postgresql (the async driver is chosen for you).",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public base URL of the service, used for absolute links.",
    )
    debug: bool = Field(
        default=False,
        description="Show unexpected errors in detail (never in production).",
    )
    graphiql: bool = Field(
        default=True,
        description="Serve the API explorer (GraphiQL, on the service's own files) at "
        "/api/explorateur, for anonymous queries; 0 turns it off.",
    )
    sql_echo: bool = Field(default=False, description="Log every SQL statement.")
    planned_execution: bool = Field(
        default=True,
        description="Complete large answers by plans made once per selection "
        "(core.graphql.execution); 0: plain Strawberry and graphql-core execution, the same "
        "answers more slowly.",
    )
    default_page_size: int = Field(
        default=20, ge=1, description="Page size of a connection when no first/last is given."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=10_000, description="Largest first/last a connection accepts."
    )
    gc_threshold: int = Field(
        default=50_000,
        ge=700,
        description="Allocations between two collections of Python's youngest generation.",
    )
    disabled_plugins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Plugins not to load, by name, separated by commas (dept_44,acme).",
    )
    accept_disabled_plugins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Disabled plugins the service is ready without (/readyz stays 200); a "
        "department's writes stay refused while its plugin is disabled.",
    )

    # Production: logs, metrics, the limits of the public API (README, "Production").
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as readable text or as one JSON object each."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe level logged."
    )
    metrics_dir: str | None = Field(
        default=None,
        validation_alias="PROMETHEUS_MULTIPROC_DIR",
        description="Folder where several worker processes share their metrics (set by cps serve).",
    )
    worker_header: bool = Field(
        default=False, description="Name the worker process (its pid) in an X-CPS-Worker header."
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1_024, description="Largest request body, in bytes (413 above)."
    )
    feed_cache_bytes: int = Field(
        default=256 * 1024 * 1024,
        ge=0,
        description="Bytes of built calendar feeds (all their compressed forms) kept per worker.",
    )
    feed_entry_cache_bytes: int = Field(
        default=512 * 1024 * 1024,
        ge=0,
        description="Bytes of calendar entries' text kept per worker, reused by every feed.",
    )
    max_query_depth: int = Field(default=15, ge=1, description="Deepest nesting of fields.")
    max_query_aliases: int = Field(default=50, ge=0, description="Most aliases in one document.")
    max_query_tokens: int = Field(
        default=5_000, ge=100, description="Most lexical tokens in one document."
    )
    max_query_cost: int = Field(
        default=5_000, ge=1, description="Most objects a query may ask for, counted before it runs."
    )
    max_operations: int = Field(default=5, ge=1, description="Most operations in one document.")
    cache_max_age: int = Field(
        default=60, ge=0, description="Seconds a public GET answer may be cached (Cache-Control)."
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Origins of the partner sites allowed by CORS, separated by commas."
    )
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = Field(
        default=(),
        description="Reverse proxies (addresses, networks) whose X-Forwarded-For is believed.",
    )
    rate_limit_anonymous: int = Field(
        default=300, ge=0, description="Requests per window for one address (0: no limit)."
    )
    rate_limit_partner: int = Field(
        default=3_000,
        ge=0,
        description="Requests per window for one API token, partner or staff (0: no limit).",
    )
    rate_limit_feeds: int = Field(
        default=6_000,
        ge=0,
        description="Calendar feed polls (GET, HEAD, 304s included) per window for one address "
        "or token, counted apart from the other requests (0: no limit).",
    )
    rate_limit_window: int = Field(default=60, ge=1, description="Rate-limit window, in seconds.")
    rate_limit_mutation_weight: int = Field(
        default=10, ge=1, description="Requests each root field of a mutation counts for."
    )
    rate_limit_cost_per_request: int = Field(
        default=1_000,
        ge=0,
        description="Objects of a query's cost that count for one more request (0: cost ignored).",
    )
    registration_cap_per_target: int = Field(
        default=5,
        ge=0,
        description="Anonymous registrations to one session or event per address and day (0: none).",
    )
    registration_cap_per_address: int = Field(
        default=20,
        ge=0,
        description="Anonymous registrations per address and day, all targets (0: no cap).",
    )
    idempotency_ttl_hours: int = Field(
        default=24, ge=1, description="Hours a mutation's idempotency key is remembered."
    )
    partner_token_hashes: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "SHA-256 (hex) of more bearer tokens that get the partner rate limit; the tokens of "
            "the database (cps token create) need not be listed."
        ),
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for the rate-limit counters; without it they are kept in the database.",
    )
    redis_prefix: str = Field(
        default="cps:", description="Prefix of the service's keys in Redis."
    )

    # Messages: e-mail through SMTP, webhooks, and the outbox that delivers them (README).
    smtp_url: str | None = Field(
        default=None,
        description=(
            "SMTP server: smtp://host:25 (STARTTLS when offered), smtp+starttls://user:pass@host"
            ":587 (STARTTLS required) or smtps://user:pass@host:465 (TLS); without it, e-mails "
            "are kept in the database (and shown on /debug/mails in debug mode)."
        ),
    )
    mail_from: str = Field(
        default="Pôle CPS Pays de la Loire <ne-pas-repondre@localhost>",
        description="Sender of the e-mails (From).",
    )
    mail_reply_to: str | None = Field(
        default=None, description="Address answers to the e-mails go to (Reply-To)."
    )
    mail_contact: str | None = Field(
        default=None,
        description="The Pôle's contact named at the foot of every e-mail (else the Reply-To).",
    )
    confirmation_hours: float = Field(
        default=6.0,
        gt=0,
        description="Hours the link confirming a registration's address stays valid.",
    )
    staff_notify_emails: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "Addresses told, besides the department's referents, of registrations awaiting "
            "approval (comma-separated)."
        ),
    )
    staff_digest: bool = Field(
        default=False,
        description="Tell staff once a day (a digest) rather than at each registration.",
    )
    webhook_allow_private: bool = Field(
        default=False,
        description=(
            "Accept webhook URLs that resolve to loopback, private or link-local addresses "
            "(tests, a partner on the same network)."
        ),
    )
    webhook_disable_after_hours: float = Field(
        default=24.0, gt=0, description="Hours of failures after which a webhook is disabled."
    )
    reminder_days: int = Field(
        default=3,
        ge=0,
        description="Days before a session's first day (or an event) its reminder is sent (0: none).",
    )
    outbox_dispatcher: bool = Field(
        default=True,
        description=(
            "Run the outbox dispatcher in each worker; false when only 'cps outbox deliver' "
            "(from cron, say) delivers."
        ),
    )
    outbox_poll_seconds: float = Field(
        default=5.0, gt=0, description="Seconds between two passes of the outbox dispatcher."
    )
    outbox_retry_seconds: float = Field(
        default=30.0, gt=0, description="Delay before the first retry; it doubles at each failure."
    )
    outbox_max_attempts: int = Field(
        default=14, ge=1, description="Attempts before a message is marked failed (about a day)."
    )
    outbox_retention_days: int = Field(
        default=30, ge=0, description="Days the body of a delivered message is kept."
    )

    # The back-office (README, "The back-office"): staff sign in by a link e-mailed to them.
    staff_link_minutes: int = Field(
        default=15, ge=1, le=1_440, description="Minutes a staff sign-in link stays valid."
    )
    staff_idle_minutes: int = Field(
        default=120,
        ge=1,
        description="Minutes without a request after which a staff member is signed out.",
    )
    staff_session_hours: int = Field(
        default=12, ge=1, description="Hours after sign-in when a staff member is signed out."
    )
    staff_sign_in_per_hour: int = Field(
        default=10,
        ge=0,
        description="Sign-in attempts (links asked or followed) per hour from one address, and "
        "links asked per hour for one e-mail address (0: no limit).",
    )

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, url: str | None) -> str | None:
        url = (url or "").strip()
        if url and not url.startswith(("smtp://", "smtp+starttls://", "smtps://")):
            raise ValueError("expected an smtp://, smtp+starttls:// or smtps:// URL")
        return url or None

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        url = url.strip()
        for prefix, async_prefix in (
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
            ("postgresql+psycopg2://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if url.startswith(prefix):
                return async_prefix + url[len(prefix) :]
        if url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            return url
        raise ValueError("expected a sqlite:// or postgresql:// URL")

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or "://" == url[-3:]:
            raise ValueError("expected an http:// or https:// URL")
        return url

    @field_validator("disabled_plugins", "accept_disabled_plugins", mode="before")
    @classmethod
    def _plugin_names(cls, value: str | Iterable[str] | None) -> tuple[str, ...]:
        given = re.split(r"[\s,]+", value.strip()) if isinstance(value, str) else list(value or ())
        names = [name for name in given if name]
        for name in names:
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
                raise ValueError(f"{name!r} is not a plugin name")
        return tuple(names)

    @field_validator(
        "cors_origins", "trusted_proxies", "partner_token_hashes", "staff_notify_emails",
        mode="before",
    )
    @classmethod
    def _comma_separated(cls, value: str | Iterable[object] | None) -> tuple[object, ...]:
        items = re.split(r"[\s,]+", value.strip()) if isinstance(value, str) else list(value or ())
        return tuple(item for item in items if item)

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        for origin in origins:
            if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"{origin!r} is not an origin (https://host[:port], no path)")
        return tuple(origin.lower() for origin in origins)

    @field_validator("partner_token_hashes")
    @classmethod
    def _sha256_digests(cls, digests: tuple[str, ...]) -> tuple[str, ...]:
        for digest in digests:
            if not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
                raise ValueError(f"{digest[:12]!r}… is not a SHA-256 hex digest")
        return tuple(digest.lower() for digest in digests)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, url: str | None) -> str | None:
        url = (url or "").strip()
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("expected a redis://, rediss:// or unix:// URL")
        return url or None

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read the environment once; raise ``SettingsError`` naming the faulty variable."""
        try:
            # Validated as the environment is: pydantic checks each override's type.
            return cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as error:
            first = error.errors()[0]
            name = "CPS_" + str(first["loc"][0]).upper() if first["loc"] else "CPS_*"
            raise SettingsError(f"{name}: {first['msg']}") from None
