"""Client secrets are stored as salted PBKDF2 hashes, never in clear."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

_ALGORITHM = "pbkdf2_sha256"
# Secrets we generate carry 240 bits of entropy; the iterations protect secrets an
# operator chose by hand (ZORDERS_DEFAULT_CLIENT_SECRET) while keeping a token request
# in the low milliseconds.
_ITERATIONS = 20_000


def generate_client_secret() -> str:
    """40 URL-safe characters: the official client accepts at most 42."""
    return secrets.token_urlsafe(30)


def hash_secret(secret: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt), _ITERATIONS)
    return f"{_ALGORITHM}${_ITERATIONS}${salt}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, expected = stored.split("$")
    except ValueError:
        return False
    if algorithm != _ALGORITHM:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def verify_client_secret(secret: str, stored: str | None) -> bool:
    """`verify_secret`, doing the same work when there is no stored hash (an unknown
    client id), so that the answer's time does not tell whether a client id exists."""
    if stored is None:
        verify_secret(secret, _stand_in_hash())
        return False
    return verify_secret(secret, stored)


@functools.cache
def _stand_in_hash() -> str:
    return hash_secret(generate_client_secret())


def hash_token(token: str) -> str:
    """Access tokens are random 128-bit values: a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()
