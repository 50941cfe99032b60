"""The QR payload on every ballot sheet, and the short check code printed just above it.

Version 1, 29 bytes, written in base32 (QR alphanumeric mode, 47 characters, version 4-H):

    "KP" | version (1) | meeting fingerprint (6) | poll id (2) | round (1) | page (1) |
    pages (1) | flags (1: bit 0 = test ballot) | serial (6 random bytes) | MAC (8)

The MAC is HMAC-SHA256 over everything before it, keyed by the meeting's secret, truncated
to 8 bytes. The code names the meeting, poll and round by reference (VxSuite's ballot hash,
docs/regulations.md §7) and carries no trace of who received the sheet.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass
from enum import StrEnum

from app.text import translatable

PRELUDE = b"KP"
VERSION = 1
_BODY = struct.Struct(">2sB6sHBBBB6s")
MAC_BYTES = 8
PAYLOAD_BYTES = _BODY.size + MAC_BYTES
SERIAL_BYTES = 6
CHECK_CHARS = 4
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 8)
    return base64.b32decode(padded)


def new_serial() -> str:
    """A random sheet serial: 10 base32 characters (48 random bits)."""
    return _b32(secrets.token_bytes(SERIAL_BYTES))


def fingerprint_bytes(fingerprint: str) -> bytes:
    """The 6 bytes of the meeting fingerprint that go into the code."""
    return bytes.fromhex(fingerprint)[:6]


@dataclass(frozen=True)
class SheetCode:
    """What one printed sheet says about itself."""

    fingerprint: bytes
    poll_id: int
    round_no: int
    page: int
    pages: int
    test: bool
    serial: str


def encode(code: SheetCode, secret: bytes) -> str:
    """The QR text of a sheet (47 characters of the QR alphanumeric set)."""
    body = _BODY.pack(
        PRELUDE,
        VERSION,
        code.fingerprint,
        code.poll_id,
        code.round_no,
        code.page,
        code.pages,
        1 if code.test else 0,
        _unb32(code.serial),
    )
    mac = hmac.new(secret, body, hashlib.sha256).digest()[:MAC_BYTES]
    return _b32(body + mac)


class CodeProblem(StrEnum):
    """Why a scanned or typed code is not a good ballot of this poll."""

    MALFORMED = "malformed"
    WRONG_VERSION = "wrong_version"
    FOREIGN = "foreign"
    FORGED = "forged"
    WRONG_POLL = "wrong_poll"
    WRONG_ROUND = "wrong_round"
    TEST = "test"


PROBLEM_MESSAGES: dict[CodeProblem, str] = {
    CodeProblem.MALFORMED: translatable(
        "scan_reasons", "Mã trên phiếu không đọc được hoặc không phải mã phiếu KiểmPhiếu."
    ),
    CodeProblem.WRONG_VERSION: translatable("scan_reasons", "Mã phiếu thuộc phiên bản khác của chương trình."),
    CodeProblem.FOREIGN: translatable(
        "scan_reasons", "Phiếu của hội nghị khác (không phải phiếu in cho hội nghị này)."
    ),
    CodeProblem.FORGED: translatable("scan_reasons", "Mã phiếu bị sửa hoặc giả mạo (chữ ký số không khớp)."),
    CodeProblem.WRONG_POLL: translatable("scan_reasons", "Phiếu của nội dung bỏ phiếu khác."),
    CodeProblem.WRONG_ROUND: translatable("scan_reasons", "Phiếu của lần bầu khác."),
    CodeProblem.TEST: translatable("scan_reasons", "Phiếu thử (phiếu kiểm tra máy), không được tính."),
}


@dataclass(frozen=True)
class Decoded:
    """A code that parsed; `problem` is None when it is genuine for this meeting."""

    code: SheetCode | None
    problem: CodeProblem | None


def decode(text: str, *, fingerprint: bytes, secret: bytes) -> Decoded:
    """Parse and verify a QR text against a meeting (fingerprint + secret). Never raises."""
    cleaned = text.strip().upper()
    if not cleaned or any(ch not in _B32 for ch in cleaned):
        return Decoded(None, CodeProblem.MALFORMED)
    try:
        raw = _unb32(cleaned)
    except (ValueError, binascii.Error):
        return Decoded(None, CodeProblem.MALFORMED)
    if len(raw) != PAYLOAD_BYTES or not raw.startswith(PRELUDE) or _b32(raw) != cleaned:
        # The last base32 character carries padding bits that decoding ignores: a text that does not
        # re-encode to itself was altered, even if its bytes look right.
        return Decoded(None, CodeProblem.MALFORMED)
    body, mac = raw[: _BODY.size], raw[_BODY.size :]
    _prelude, version, fp, poll_id, round_no, page, pages, flags, serial = _BODY.unpack(body)
    if version != VERSION:
        return Decoded(None, CodeProblem.WRONG_VERSION)
    code = SheetCode(
        fingerprint=fp,
        poll_id=poll_id,
        round_no=round_no,
        page=page,
        pages=pages,
        test=bool(flags & 1),
        serial=_b32(serial),
    )
    if fp != fingerprint:
        return Decoded(code, CodeProblem.FOREIGN)
    expected = hmac.new(secret, body, hashlib.sha256).digest()[:MAC_BYTES]
    if not hmac.compare_digest(mac, expected):
        return Decoded(code, CodeProblem.FORGED)
    if code.test:
        return Decoded(code, CodeProblem.TEST)
    return Decoded(code, None)


def shown_serial(key: str) -> str:
    """A serial as it is printed on the sheet, in groups of five ("F6UFE-RI46Q"); any other key (a number
    typed by hand, "#12") as it is."""
    if len(key) == 10 and all(ch in _B32 for ch in key):
        return f"{key[:5]}-{key[5:]}"
    return key


def check_code(serial: str, secret: bytes) -> str:
    """The human-readable code printed above the QR: serial plus 4 check characters, e.g. "K7M2Q-X4PZA-R8T3"."""
    mac = hmac.new(secret, b"check:" + serial.encode("ascii"), hashlib.sha256).digest()
    check = _b32(mac)[:CHECK_CHARS]
    return f"{serial[:5]}-{serial[5:]}-{check}"


def parse_check_code(text: str, secret: bytes) -> str | None:
    """The serial of a typed check code, or None if it is mistyped or forged.

    Spaces, dashes and case are ignored, and the letters O/I/L typed for 0/1 are read as the
    base32 letters they resemble, since base32 has no 0, 1 or 8.
    """
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    if len(cleaned) != 10 + CHECK_CHARS or any(ch not in _B32 for ch in cleaned):
        return None
    serial = cleaned[:10]
    if check_code(serial, secret).replace("-", "") != cleaned:
        return None
    return serial
