"""Apply the Alembic migrations (by `zorders migrate`, and by `zorders serve` at start).

A database already at the head revision (every start but the first) is recognised by
reading `alembic_version` and the revision ids written in the migration files, without
importing Alembic or building its environment (PF63); Alembic runs when anything is left.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: several processes starting at once migrate one after another.
_PG_ADVISORY_LOCK = 7_200_419
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def head_revisions() -> frozenset[str] | None:
    """The heads of the migration files (revisions no other file names as its down
    revision), read from their text; None when a file does not read plainly (Alembic then
    decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return frozenset(revisions - downs) or None


def _current_revisions(engine: Engine) -> frozenset[str] | None:
    """The revisions the database records; None when it has no version table yet."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(str(r[0]) for r in rows)
    except DBAPIError:
        return None


def at_head(engine: Engine) -> bool:
    heads = head_revisions()
    return heads is not None and _current_revisions(engine) == heads


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

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
    if revision == "head" and at_head(engine):
        return
    from alembic import command

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
