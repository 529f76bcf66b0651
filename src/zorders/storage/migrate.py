"""Apply the Alembic migrations (by `zorders migrate`, and by `zorders serve` at start)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

_MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: several processes starting at once migrate one after another.
_PG_ADVISORY_LOCK = 7_200_419


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def _sqlite_pragma(connection: Connection, statement: str) -> list[Any]:
    """Run a PRAGMA on the driver's connection itself, outside SQLAlchemy's transaction."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(statement)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_ADVISORY_LOCK})
            connection.commit()
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration recreates a table that others reference (0013): SQLite
            # needs its foreign keys off for that, set outside any transaction.
            _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
            if sqlite:
                broken = _sqlite_pragma(connection, "PRAGMA foreign_key_check")
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_ADVISORY_LOCK})
                connection.commit()
