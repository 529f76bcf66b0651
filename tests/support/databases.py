"""Test databases: a SQLite file and, when reachable, a fresh PostgreSQL database per run.

PostgreSQL comes from ZORDERS_TEST_DATABASE_URL, else 127.0.0.1:5432 (user postgres,
database test). Without it the PostgreSQL half of the suite is skipped, unless
ZORDERS_TEST_POSTGRES=required (as in CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid

import psycopg
from sqlalchemy.engine import make_url

from zorders.settings import normalize_database_url

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_required() -> bool:
    return os.environ.get("ZORDERS_TEST_POSTGRES", "").lower() == "required"


def base_postgres_url() -> str:
    return normalize_database_url(os.environ.get("ZORDERS_TEST_DATABASE_URL") or DEFAULT_PG_URL)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_unavailable_reason() -> str | None:
    try:
        with psycopg.connect(_libpq(base_postgres_url()), connect_timeout=3):
            return None
    except psycopg.Error as err:
        return f"PostgreSQL at {make_url(base_postgres_url()).render_as_string()}: {err}"


def create_postgres_database() -> str:
    """A new, empty database for this run; returns its SQLAlchemy URL."""
    base = base_postgres_url()
    name = f"zorders_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_libpq(base_postgres_url()), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
