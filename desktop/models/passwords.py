"""Password hashes: ``hashlib.scrypt`` (the standard library's memory-hard function) with a
random salt per password. A password is never stored, logged or compared in clear: only its
hash is kept, and hashes are compared in constant time.

A hash carries its own parameters (``scrypt$n=32768,r=8,p=1$salt$key``), so stronger
parameters can come later: a hash made with weaker ones still verifies, and ``needs_rehash``
tells sign-in to store a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True)
class Cost:
    """scrypt's work factors: ``n`` (CPU and memory, a power of two), ``r`` (block size),
    ``p`` (parallelism). Memory used is 128 × n × r bytes (32 MiB for the default)."""

    n: int = 2 ** 15
    r: int = 8
    p: int = 1

    def as_text(self) -> str:
        return f"n={self.n},r={self.r},p={self.p}"


# OWASP's floor for scrypt is n=2**17 with 128 MiB; a shared 2-core laptop in a commune office
# gets 2**15 (about 0.1 s, 32 MiB), still far above the n=2**14 minimum the brief asks.
DEFAULT_COST = Cost()
MINIMUM_COST = Cost(n=2 ** 14)

# The cost new hashes are made with. Tests lower it (as Django's test settings do) to keep
# thousands of ledgers fast; the stored hash says which cost it was made with.
cost = DEFAULT_COST


def _derive(password: str, salt: bytes, used: Cost) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=used.n, r=used.r, p=used.p,
                          maxmem=256 * used.n * used.r + 1024 * 1024, dklen=KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """A new hash of ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt${cost.as_text()}${_b64(salt)}${_b64(_derive(password, salt, cost))}"


def _parse(stored: str) -> tuple[Cost, bytes, bytes] | None:
    try:
        scheme, parameters, salt, key = stored.split("$")
        if scheme != "scrypt":
            return None
        values = dict(item.split("=") for item in parameters.split(","))
        used = Cost(n=int(values["n"]), r=int(values["r"]), p=int(values["p"]))
        return used, base64.b64decode(salt), base64.b64decode(key)
    except (ValueError, KeyError):
        return None


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (constant-time compare).
    A damaged or unknown hash verifies nothing."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    used, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, used), key)


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with other parameters than today's."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != cost


def waste_time(password: str) -> None:
    """The work of one verification, for a name that has no hash: a refusal takes as long
    whether or not the user exists."""
    _derive(password, b"\0" * SALT_BYTES, cost)
