import pytest

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.headers import validate_idempotency_key, validate_track_id


@pytest.mark.parametrize("value", ["abc-123", "x" * 64, "order/42 retry#1", ""])
def test_valid_track_ids(value: str) -> None:
    assert validate_track_id(value) == value


@pytest.mark.parametrize(
    "value", ["x" * 65, "a:b", "a;b", 'a"b', "a'b", "caf\u00e9", "\u65e5\u672c"]
)
def test_invalid_track_ids(value: str) -> None:
    with pytest.raises(DomainError) as info:
        validate_track_id(value)
    assert info.value.code is ErrorCode.INVALID_TRACK_ID


def test_idempotency_key_length() -> None:
    assert validate_idempotency_key("k" * 255) == "k" * 255
    for bad in ("", "k" * 256):
        with pytest.raises(DomainError) as info:
            validate_idempotency_key(bad)
        assert info.value.code is ErrorCode.INVALID_IDEMPOTENCY_KEY
