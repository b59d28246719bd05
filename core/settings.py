"""The one place where the environment is read.

Every setting is an environment variable prefixed with ``CPS_``; ``Settings.from_env`` reads them
once, validates them and raises ``SettingsError`` with one readable line when a value is wrong.
"""

from __future__ import annotations

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    graphiql: bool = Field(default=True, description="Serve GraphiQL to browsers at /graphql.")
    sql_echo: bool = Field(default=False, description="Log every SQL statement.")
    default_page_size: int = Field(
        default=20, ge=1, description="Page size of a connection when no first/last is given."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=10_000, description="Largest first/last a connection accepts."
    )

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

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read the environment once; raise ``SettingsError`` naming the faulty variable."""
        try:
            return cls(**overrides)
        except ValidationError as error:
            first = error.errors()[0]
            name = "CPS_" + str(first["loc"][0]).upper() if first["loc"] else "CPS_*"
            raise SettingsError(f"{name}: {first['msg']}") from None
