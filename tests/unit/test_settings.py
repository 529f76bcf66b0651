import pytest

from zorders.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.database_url == DEFAULT_DATABASE_URL
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert s.test_mode is False
    assert s.token_ttl_seconds == 3600
    assert s.default_client_id is None


def test_values_from_env() -> None:
    s = Settings.from_env(
        {
            "ZORDERS_DATABASE_URL": "postgresql://u:p@db:5432/z",
            "ZORDERS_HOST": "0.0.0.0",
            "ZORDERS_PORT": "9000",
            "ZORDERS_TEST_MODE": "true",
            "ZORDERS_DEFAULT_CLIENT_ID": "c" * 36,
            "ZORDERS_DEFAULT_CLIENT_SECRET": "s3cret",
            "ZORDERS_TOKEN_TTL_SECONDS": "60",
        }
    )
    assert s.database_url == "postgresql+psycopg://u:p@db:5432/z"
    assert (s.host, s.port, s.test_mode) == ("0.0.0.0", 9000, True)
    assert (s.default_client_id, s.default_client_secret) == ("c" * 36, "s3cret")
    assert s.token_ttl_seconds == 60


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"ZORDERS_PORT": "http"}, "ZORDERS_PORT"),
        ({"ZORDERS_PORT": "70000"}, "ZORDERS_PORT"),
        ({"ZORDERS_TEST_MODE": "maybe"}, "ZORDERS_TEST_MODE"),
        ({"ZORDERS_DEFAULT_CLIENT_ID": "c" * 36}, "ZORDERS_DEFAULT_CLIENT_SECRET"),
        ({"ZORDERS_TOKEN_TTL_SECONDS": "0"}, "ZORDERS_TOKEN_TTL_SECONDS"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], mentions: str) -> None:
    with pytest.raises(SettingsError, match=mentions):
        Settings.from_env(env)


def test_max_body_bytes() -> None:
    assert Settings.from_env({}).max_body_bytes == 5 * 1024 * 1024
    assert Settings.from_env({"ZORDERS_MAX_BODY_BYTES": "2048"}).max_body_bytes == 2048
    with pytest.raises(SettingsError, match="ZORDERS_MAX_BODY_BYTES"):
        Settings.from_env({"ZORDERS_MAX_BODY_BYTES": "lots"})


def test_worker_settings() -> None:
    s = Settings.from_env({})
    assert (s.worker_poll_ms, s.worker_lease_seconds, s.worker_batch_size) == (500, 60, 1)
    assert s.worker_max_attempts == 5
    s = Settings.from_env(
        {
            "ZORDERS_WORKER_POLL_MS": "50",
            "ZORDERS_WORKER_LEASE_SECONDS": "5",
            "ZORDERS_WORKER_BATCH_SIZE": "7",
            "ZORDERS_WORKER_MAX_ATTEMPTS": "3",
        }
    )
    assert (s.worker_poll_ms, s.worker_lease_seconds, s.worker_batch_size) == (50, 5, 7)
    assert s.worker_max_attempts == 3
    for name in ("POLL_MS", "LEASE_SECONDS", "BATCH_SIZE", "MAX_ATTEMPTS"):
        with pytest.raises(SettingsError, match=f"ZORDERS_WORKER_{name}"):
            Settings.from_env({f"ZORDERS_WORKER_{name}": "0"})


def test_pool_size() -> None:
    assert Settings.from_env({}).pool_size == 10
    assert Settings.from_env({"ZORDERS_POOL_SIZE": "3"}).pool_size == 3
    with pytest.raises(SettingsError, match="ZORDERS_POOL_SIZE"):
        Settings.from_env({"ZORDERS_POOL_SIZE": "0"})


def test_bill_run_batch_size() -> None:
    # Unset: the engine's batch of 200 (PF49); a value outside 1-5000 names the variable.
    assert Settings.from_env({}).bill_run_batch_size is None
    assert Settings.from_env({"ZORDERS_BILL_RUN_BATCH_SIZE": "25"}).bill_run_batch_size == 25
    for bad in ("0", "5001", "ten"):
        with pytest.raises(SettingsError, match="ZORDERS_BILL_RUN_BATCH_SIZE"):
            Settings.from_env({"ZORDERS_BILL_RUN_BATCH_SIZE": bad})
