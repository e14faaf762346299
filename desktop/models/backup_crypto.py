"""Backup files encrypted with a passphrase, for copies carried on a USB stick.

The file is a short header, then the ledger in chunks, each a Fernet token (AES-128-CBC with
an HMAC-SHA256, from the maintained ``cryptography`` package). The key is derived from the
passphrase with scrypt and a random salt kept in the header, so the same passphrase never
gives the same key twice. A chunk carries its number and whether it is the last one inside
its token: chunks swapped, dropped or cut off are found, not silently restored.

The header also holds a token of a known text: a wrong passphrase is told apart from a
damaged file (the check token opens, but a chunk does not), and each gets its own sentence.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.i18n import _
from desktop.models.errors import LedgerError

MAGIC = b"CLBACKUP"
VERSION = 1
SALT_BYTES = 16
# scrypt's cost: 2**15 × 8 × 128 bytes = 32 MiB and about a tenth of a second; a header
# asking for more than 2**20 is refused rather than obeyed (a crafted file must not eat the
# memory of the computer that opens it).
COST_LOG2 = 15
MAX_COST_LOG2 = 20
BLOCK_SIZE, PARALLEL = 8, 1
CHUNK = 1 << 20
MAX_TOKEN = 2 * CHUNK  # a Fernet token of one chunk is about 1.34 × its size
CHECK_TEXT = b"commune-ledger backup passphrase check"
MIN_PASSPHRASE = 8
_HEADER = struct.Struct(">8sBB16sH")  # magic, version, cost, salt, check token's length
# After the check token: the first bytes of the SHA-256 of everything before it, so that a
# damaged header is called damaged, not a wrong passphrase.
SEAL_BYTES = 8
_CHUNK_HEAD = struct.Struct(">QB")  # number, last


class WrongPassphrase(LedgerError):
    """The passphrase does not open this backup."""


class DamagedBackup(LedgerError):
    """An encrypted backup whose bytes were changed or cut short."""


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` starts like an encrypted backup (reads eight bytes)."""
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect members' personal data."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise LedgerError(_("The passphrase must have at least {count} characters.").format(
            count=MIN_PASSPHRASE))


def _key(passphrase: str, salt: bytes, cost_log2: int) -> Fernet:
    # NFC: the same words typed on another keyboard (composed or decomposed accents) give
    # the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    raw = Scrypt(salt=salt, length=32, n=2 ** cost_log2, r=BLOCK_SIZE, p=PARALLEL).derive(secret)
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt_file(plain: Path, target: BinaryIO, passphrase: str,
                 report: Callable[[int, int], None] | None = None) -> str:
    """Write ``plain`` encrypted to ``target``; returns the SHA-256 of the plain bytes."""
    check_passphrase(passphrase)
    salt = os.urandom(SALT_BYTES)
    fernet = _key(passphrase, salt, COST_LOG2)
    check = fernet.encrypt(CHECK_TEXT)
    header = _HEADER.pack(MAGIC, VERSION, COST_LOG2, salt, len(check)) + check
    target.write(header + hashlib.sha256(header).digest()[:SEAL_BYTES])
    digest = hashlib.sha256()
    total = plain.stat().st_size
    done = 0
    with plain.open("rb") as source:
        number = 0
        data = source.read(CHUNK)
        while True:
            following = source.read(CHUNK)
            last = not following
            digest.update(data)
            token = fernet.encrypt(_CHUNK_HEAD.pack(number, last) + data)
            target.write(struct.pack(">I", len(token)) + token)
            done += len(data)
            if report is not None:
                report(done, total)
            if last:
                break
            data, number = following, number + 1
    return digest.hexdigest()


def _damaged(path: Path) -> DamagedBackup:
    return DamagedBackup(_("The encrypted backup {file} is damaged (changed or cut short "
                           "since it was written); nothing was restored from it. Use another "
                           "copy.").format(file=path))


def _open(path: Path, source: BinaryIO, passphrase: str) -> Fernet:
    head = source.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise _damaged(path)
    magic, version, cost, salt, check_length = _HEADER.unpack(head)
    if magic != MAGIC:
        raise LedgerError(_("The file {file} is not an encrypted backup of Commune Ledger.")
                          .format(file=path))
    if version != VERSION:
        raise LedgerError(_("The backup {file} was encrypted by a newer version of Commune "
                            "Ledger; install the newer version to restore it.").format(
                                file=path))
    if not 10 <= cost <= MAX_COST_LOG2 or check_length > 1024:
        raise _damaged(path)
    check = source.read(check_length)
    seal = source.read(SEAL_BYTES)
    if hashlib.sha256(head + check).digest()[:SEAL_BYTES] != seal:
        raise _damaged(path)
    fernet = _key(passphrase, salt, cost)
    try:
        opened = fernet.decrypt(check)
    except InvalidToken:
        raise WrongPassphrase(_("The passphrase is wrong: it does not open the backup {file}. "
                                "Type it again exactly as it was chosen (capitals and accents "
                                "count).").format(file=path)) from None
    if opened != CHECK_TEXT:
        raise _damaged(path)
    return fernet


def _chunks(path: Path, source: BinaryIO, fernet: Fernet) -> Iterator[bytes]:
    expected = 0
    while True:
        size = source.read(4)
        if len(size) < 4:
            raise _damaged(path)  # the end came before the last chunk
        (length,) = struct.unpack(">I", size)
        if length > MAX_TOKEN:
            raise _damaged(path)
        token = source.read(length)
        try:
            opened = fernet.decrypt(token)
        except InvalidToken:
            raise _damaged(path) from None
        number, last = _CHUNK_HEAD.unpack_from(opened)
        if number != expected:
            raise _damaged(path)
        yield opened[_CHUNK_HEAD.size:]
        if last:
            if source.read(1):
                raise _damaged(path)  # bytes after the last chunk
            return
        expected += 1


def decrypt_file(path: Path, target: BinaryIO, passphrase: str,
                 report: Callable[[int, int], None] | None = None) -> str:
    """Write the plain ledger of the encrypted ``path`` to ``target``; returns its SHA-256.

    ``WrongPassphrase`` or ``DamagedBackup`` say what went wrong; ``target`` then holds a
    part only, and the caller discards it."""
    digest = hashlib.sha256()
    total = path.stat().st_size
    with path.open("rb") as source:
        fernet = _open(path, source, passphrase)
        for data in _chunks(path, source, fernet):
            digest.update(data)
            target.write(data)
            if report is not None:
                report(source.tell(), total)
    return digest.hexdigest()


def plain_digest(path: Path, passphrase: str) -> str:
    """The SHA-256 of what ``path`` decrypts to, writing nothing (to verify a new backup)."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        fernet = _open(path, source, passphrase)
        for data in _chunks(path, source, fernet):
            digest.update(data)
    return digest.hexdigest()
