"""What a server start does not load (issue 15, PF63, PF64): Alembic runs only when the
database is behind the migration files, and the ZOQL grammar and PyYAML load on first use.
Checked in a fresh interpreter, whose imports are its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from zorders.bootstrap import Container, build
from zorders.settings import Settings
from zorders.storage.migrate import alembic_config, at_head, head_revisions, upgrade

_LAZY = ("alembic", "lark", "yaml", "mako")


def _loaded_after(code: str) -> list[str]:
    listed = f"print(json.dumps([m for m in {_LAZY!r} if m in sys.modules]))"
    probe = f"{code}\nimport json, sys\n{listed}"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_heads_read_from_the_files_are_alembics(container: Container) -> None:
    script = ScriptDirectory.from_config(alembic_config(container.engine))
    assert head_revisions() == frozenset(script.get_heads())
    assert at_head(container.engine)


def test_importing_the_command_line_loads_none_of_them() -> None:
    assert _loaded_after("import zorders.cli.main") == []


def test_a_migrated_database_is_upgraded_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'z.db'}"
    container = build(Settings(database_url=url))
    try:
        upgrade(container.engine)
    finally:
        container.close()
    code = (
        "from zorders.bootstrap import build\n"
        "from zorders.settings import Settings\n"
        f"c = build(Settings(database_url={url!r}))\n"
        "c.migrate()\n"
        "c.close()"
    )
    assert _loaded_after(code) == []


def test_a_database_behind_the_files_is_upgraded_by_alembic(tmp_path: Path) -> None:
    container = build(Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}"))
    try:
        upgrade(container.engine, "0015")
        assert not at_head(container.engine)
        upgrade(container.engine)
        assert at_head(container.engine)
        with container.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert {r[0] for r in version} == head_revisions()
    finally:
        container.close()


def test_a_fresh_database_is_not_at_head(tmp_path: Path) -> None:
    container = build(Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}"))
    try:
        assert not at_head(container.engine)
    finally:
        container.close()
