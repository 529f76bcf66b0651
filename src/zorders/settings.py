"""Configuration, read once from `ZORDERS_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///./zorders.db"
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024


class SettingsError(ValueError):
    """A configuration value that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    test_mode: bool = False
    default_client_id: str | None = None
    default_client_secret: str | None = None
    token_ttl_seconds: int = 3600
    log_level: str = "INFO"
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # A bearer token that may create and delete tenants outside test mode (T6).
    admin_token: str | None = None
    # The worker (issue 11, decisions.md W3, W7, W8).
    worker_poll_ms: int = 500
    worker_lease_seconds: int = 60
    worker_batch_size: int = 1
    worker_max_attempts: int = 5
    # Accounts a bill run bills in one transaction, one batch job each (PF40, PF49);
    # None: the engine's BATCH (200).
    bill_run_batch_size: int | None = None
    # PostgreSQL connections each process keeps open (issue 15, PF2); overflow doubles it.
    pool_size: int = 10

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"ZORDERS_{name}")
            return value if value not in (None, "") else None

        client_id = get("DEFAULT_CLIENT_ID")
        client_secret = get("DEFAULT_CLIENT_SECRET")
        if (client_id is None) != (client_secret is None):
            raise SettingsError(
                "ZORDERS_DEFAULT_CLIENT_ID and ZORDERS_DEFAULT_CLIENT_SECRET go together:"
                " set both or neither."
            )
        return cls(
            database_url=normalize_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            host=get("HOST") or cls.host,
            port=_int(get("PORT"), "ZORDERS_PORT", cls.port, low=0, high=65535),
            test_mode=_bool(get("TEST_MODE"), "ZORDERS_TEST_MODE"),
            default_client_id=client_id,
            default_client_secret=client_secret,
            token_ttl_seconds=_int(
                get("TOKEN_TTL_SECONDS"), "ZORDERS_TOKEN_TTL_SECONDS", 3600, low=1, high=86400
            ),
            log_level=(get("LOG_LEVEL") or "INFO").upper(),
            admin_token=get("ADMIN_TOKEN"),
            max_body_bytes=_int(
                get("MAX_BODY_BYTES"),
                "ZORDERS_MAX_BODY_BYTES",
                DEFAULT_MAX_BODY_BYTES,
                low=1024,
                high=1024 * 1024 * 1024,
            ),
            worker_poll_ms=_int(
                get("WORKER_POLL_MS"), "ZORDERS_WORKER_POLL_MS", 500, low=10, high=60_000
            ),
            worker_lease_seconds=_int(
                get("WORKER_LEASE_SECONDS"), "ZORDERS_WORKER_LEASE_SECONDS", 60, low=1, high=86400
            ),
            worker_batch_size=_int(
                get("WORKER_BATCH_SIZE"), "ZORDERS_WORKER_BATCH_SIZE", 1, low=1, high=1000
            ),
            worker_max_attempts=_int(
                get("WORKER_MAX_ATTEMPTS"), "ZORDERS_WORKER_MAX_ATTEMPTS", 5, low=1, high=100
            ),
            bill_run_batch_size=None
            if get("BILL_RUN_BATCH_SIZE") is None
            else _int(
                get("BILL_RUN_BATCH_SIZE"), "ZORDERS_BILL_RUN_BATCH_SIZE", 200, low=1, high=5000
            ),
            pool_size=_int(get("POOL_SIZE"), "ZORDERS_POOL_SIZE", 10, low=1, high=1000),
        )


def normalize_database_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver zorders ships with."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _int(raw: str | None, name: str, default: int, *, low: int, high: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from err
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}.")
    return value


def _bool(raw: str | None, name: str) -> bool:
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}.")
