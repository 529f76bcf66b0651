"""Fixtures shared by the API tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext

DEMO = Path(__file__).parents[2] / "examples" / "catalog.yaml"


@pytest.fixture
def shop(container: Container, session: Session) -> Session:
    """A tenant with the demo catalog."""
    with container.uow_factory() as uow:
        ctx = CommandContext(session.tenant_id, container.wall_clock.now(), "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO))
        uow.commit()
    return session
