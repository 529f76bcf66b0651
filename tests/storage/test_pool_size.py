"""The PostgreSQL pool takes its size from the settings (issue 15, PF2)."""

from __future__ import annotations

from zorders.storage.db import make_engine


def test_a_postgresql_engine_has_the_pool_size_it_is_given() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", pool_size=3)
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (3, 6)
    finally:
        engine.dispose()
