from decimal import Decimal

import pytest

from zorders.domain.versions import DEFAULT_MINOR_VERSION, LATEST_MINOR_VERSION, parse_version


@pytest.mark.parametrize(
    ("raw", "minor"),
    [
        (None, "186.0"),
        ("", "186.0"),
        ("223.0", "223.0"),
        ("  223.0 ", "223.0"),
        ("309.0", "309.0"),
        ("341.0", "341.0"),
        # Not in Zuora's supported list: processed as the default (spec §1.7).
        ("222.4", "186.0"),
        ("250.0", "186.0"),
        ("abc", "186.0"),
        # The official client sends the date of its API reference: newest behaviour.
        ("2025-08-12", "341.0"),
    ],
)
def test_parse_version(raw: str | None, minor: str) -> None:
    version = parse_version(raw)
    assert version.minor == Decimal(minor)
    assert version.raw == raw


def test_version_gates() -> None:
    assert Decimal("186.0") == DEFAULT_MINOR_VERSION
    assert Decimal("341.0") == LATEST_MINOR_VERSION
    assert not parse_version(None).at_least("223.0")
    assert parse_version("223.0").at_least("223.0")
    assert parse_version("2025-08-12").at_least("309.0")
