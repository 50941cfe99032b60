"""app.printing.ballot_code: the QR payload (v1) of a sheet and the check code printed under it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.printing import ballot_code
from app.printing.ballot_code import CodeProblem, Decoded, SheetCode, check_code, decode, encode

FINGERPRINT = bytes.fromhex("3a5f0c9e71b2")
SECRET = bytes(range(32))
OTHER_SECRET = b"another meeting's secret, 32 b.."
SERIAL = "AERUKZ4JVM"  # base32 of bytes 01 23 45 67 89 ab, as new_serial() writes it

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
# The v1 body, written out here independently of the module: "KP", version, fingerprint (6),
# poll id (2), round, page, pages, flags, serial (6); then an 8-byte HMAC-SHA256 prefix.
BODY = struct.Struct(">2sB6sHBBBB6s")
CHECK_CODE = re.compile(r"^[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{4}$")


def b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def sheet(**changes: object) -> SheetCode:
    fields: dict[str, object] = {
        "fingerprint": FINGERPRINT,
        "poll_id": 7,
        "round_no": 1,
        "page": 1,
        "pages": 1,
        "test": False,
        "serial": SERIAL,
    }
    fields.update(changes)
    return SheetCode(**fields)  # type: ignore[arg-type]


def by_hand(version: int = 1, *, prelude: bytes = b"KP", flags: int = 0, secret: bytes = SECRET) -> str:
    body = BODY.pack(prelude, version, FINGERPRINT, 7, 1, 1, 1, flags, unb32(SERIAL))
    return b32(body + hmac.new(secret, body, hashlib.sha256).digest()[:8])


def verify(text: str, *, fingerprint: bytes = FINGERPRINT, secret: bytes = SECRET) -> Decoded:
    return decode(text, fingerprint=fingerprint, secret=secret)


serials = st.binary(min_size=6, max_size=6).map(b32)  # exactly how new_serial() writes its 6 random bytes
codes = st.builds(
    SheetCode,
    fingerprint=st.binary(min_size=6, max_size=6),
    poll_id=st.integers(0, 65535),
    round_no=st.integers(1, 255),
    page=st.integers(1, 255),
    pages=st.integers(1, 255),
    test=st.booleans(),
    serial=serials,
)


# --- encode / decode ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(code=codes, secret=st.binary(min_size=16, max_size=64))
def test_round_trip(code: SheetCode, secret: bytes) -> None:
    text = encode(code, secret)
    assert len(text) == 47
    assert set(text) <= QR_ALPHANUMERIC
    assert set(text) <= set(B32)
    decoded = decode(text, fingerprint=code.fingerprint, secret=secret)
    assert decoded.code == code
    assert decoded.problem == (CodeProblem.TEST if code.test else None)


def test_round_trip_with_serials_from_new_serial() -> None:
    for _ in range(200):
        serial = ballot_code.new_serial()
        assert re.fullmatch(r"[A-Z2-7]{10}", serial)
        assert b32(unb32(serial)) == serial  # canonical: nothing hides in the padding bits
        decoded = verify(encode(sheet(serial=serial), SECRET))
        assert decoded == Decoded(sheet(serial=serial), None)
    assert len({ballot_code.new_serial() for _ in range(1000)}) == 1000


def test_encoding_is_the_documented_v1_layout() -> None:
    assert encode(sheet(), SECRET) == by_hand()
    assert encode(sheet(test=True), SECRET) == by_hand(flags=1)
    assert encode(sheet(), SECRET).startswith("JNIA")  # "KP" + version 1
    assert ballot_code.PAYLOAD_BYTES == 29


def test_another_meeting_is_foreign() -> None:
    other = bytes.fromhex("000000000001")
    decoded = verify(encode(sheet(fingerprint=other), SECRET))
    assert decoded.problem is CodeProblem.FOREIGN
    assert decoded.code == sheet(fingerprint=other)
    # Foreign even when that meeting happened to share the secret: the fingerprint decides first.
    assert verify(encode(sheet(fingerprint=other), OTHER_SECRET)).problem is CodeProblem.FOREIGN


def test_another_secret_is_forged() -> None:
    assert verify(encode(sheet(), OTHER_SECRET)).problem is CodeProblem.FORGED
    assert verify(encode(sheet(), SECRET), secret=OTHER_SECRET).problem is CodeProblem.FORGED


def test_test_ballot_is_flagged() -> None:
    decoded = verify(encode(sheet(test=True), SECRET))
    assert decoded.problem is CodeProblem.TEST
    assert decoded.code is not None
    assert decoded.code.test


def test_clearing_the_test_flag_breaks_the_mac() -> None:
    genuine = unb32(encode(sheet(test=True), SECRET))
    flags_at = BODY.size - 6 - 1
    assert genuine[flags_at] == 1
    edited = genuine[:flags_at] + b"\x00" + genuine[flags_at + 1 :]
    assert verify(b32(edited)).problem is CodeProblem.FORGED


@pytest.mark.parametrize("version", [0, 2, 255])
def test_wrong_version(version: int) -> None:
    decoded = verify(by_hand(version))
    assert decoded.problem is CodeProblem.WRONG_VERSION
    assert decoded.code is None


def test_wrong_prelude_is_malformed() -> None:
    assert verify(by_hand(prelude=b"KQ")).problem is CodeProblem.MALFORMED


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n",
        "hello",
        "KP",
        "0" * 47,  # not base32
        "1" * 47,
        "8" * 47,
        "A" * 47,  # base32, but not "KP…"
        "A" * 46,
        "A" * 48,
        "a" * 47,
        "kp" * 23 + "k",
        "https://example.org/ballot?id=1",
        "JNIA CSVFLOIP55AAAEAQCAIAWUBOTCKWGHTJN2OWDP4KQWA",
        "ÂĐƠ",
        "\x00" * 47,
    ],
)
def test_garbage_is_malformed(text: str) -> None:
    assert verify(text) == Decoded(None, CodeProblem.MALFORMED)


def test_truncated_or_extended_genuine_code_is_malformed() -> None:
    text = encode(sheet(), SECRET)
    for bad in (text[:-1], text[:-8], text + "A", text + "AAAAAAAA", text[1:]):
        assert verify(bad).problem is CodeProblem.MALFORMED, bad


def test_case_and_surrounding_space_do_not_matter() -> None:
    """A scanner in lowercase mode or a pasted code with a newline still reads the same sheet."""
    text = encode(sheet(), SECRET)
    assert verify(text.lower()) == verify(text) == Decoded(sheet(), None)
    assert verify(f"  {text}\r\n") == Decoded(sheet(), None)
    assert verify(text[:20] + " " + text[20:]).problem is CodeProblem.MALFORMED


def _expected_problem(original: bytes, changed: bytes) -> CodeProblem:
    """What a one-character change means: the first byte it touches decides."""
    first = next(i for i, (a, b) in enumerate(zip(original, changed, strict=True)) if a != b)
    if first < 2:
        return CodeProblem.MALFORMED
    if first == 2:
        return CodeProblem.WRONG_VERSION
    if first < 9:
        return CodeProblem.FOREIGN
    return CodeProblem.FORGED


@settings(max_examples=400, deadline=None)
@given(
    code=codes.filter(lambda c: not c.test),
    position=st.integers(0, 45),
    replacement=st.sampled_from(sorted(QR_ALPHANUMERIC)),
)
def test_one_changed_character_never_passes(code: SheetCode, position: int, replacement: str) -> None:
    text = encode(code, SECRET)
    if text[position] == replacement:
        return
    changed = text[:position] + replacement + text[position + 1 :]
    decoded = decode(changed, fingerprint=code.fingerprint, secret=SECRET)
    assert decoded.problem is not None
    if replacement not in B32:
        assert decoded.problem is CodeProblem.MALFORMED
    else:
        assert decoded.problem is _expected_problem(unb32(text), unb32(changed))


def test_every_single_character_change_of_mac_and_body_is_caught() -> None:
    """Exhaustively for one code: characters 0–45 (the last one is tested below)."""
    text = encode(sheet(), SECRET)
    for position in range(46):
        for replacement in B32:
            if replacement == text[position]:
                continue
            changed = text[:position] + replacement + text[position + 1 :]
            assert verify(changed).problem in (
                CodeProblem.MALFORMED,
                CodeProblem.WRONG_VERSION,
                CodeProblem.FOREIGN,
                CodeProblem.FORGED,
            ), (position, replacement)


def test_changing_the_last_character_never_passes() -> None:
    text = encode(sheet(), SECRET)
    passed = [
        ch for ch in B32 if ch != text[-1] and verify(text[:-1] + ch).problem is None
    ]  # e.g. "…A" → "…B".."…H" all accepted
    assert passed == []


@settings(max_examples=500, deadline=None)
@given(text=st.text())
def test_decode_never_raises_on_any_text(text: str) -> None:
    decoded = verify(text)
    assert isinstance(decoded, Decoded)
    assert decoded.problem is not None


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=B32 + "=0189 -", min_size=40, max_size=56))
def test_decode_never_raises_on_base32_like_text(text: str) -> None:
    assert verify(text).problem is not None


@settings(max_examples=300, deadline=None)
@given(tail=st.binary(min_size=27, max_size=27))
def test_decode_never_raises_on_random_payloads_with_the_prelude(tail: bytes) -> None:
    """Reaches the version, fingerprint and MAC checks with arbitrary bytes."""
    decoded = verify(b32(b"KP" + tail))
    assert decoded.problem is not None


# --- check code ---------------------------------------------------------------------------------------


def test_check_code_shape() -> None:
    code = check_code(SERIAL, SECRET)
    assert CHECK_CODE.match(code)
    assert code.replace("-", "").startswith(SERIAL)
    assert check_code(SERIAL, SECRET) == code  # deterministic
    assert check_code(SERIAL, OTHER_SECRET)[-4:] != code[-4:]


@settings(max_examples=200, deadline=None)
@given(
    serial=serials,
    secret=st.binary(min_size=16, max_size=48),
    lower=st.booleans(),
    separator=st.sampled_from(["-", " ", "", " - ", "  ", "--"]),
)
def test_check_code_round_trip(serial: str, secret: bytes, lower: bool, separator: str) -> None:
    code = check_code(serial, secret)
    assert CHECK_CODE.match(code)
    typed = code.replace("-", separator)
    typed = typed.lower() if lower else typed
    assert ballot_code.parse_check_code(typed, secret) == serial
    assert ballot_code.parse_check_code(f"  {typed}\t", secret) == serial


def test_check_code_reads_zero_and_one_as_o_and_i() -> None:
    serial = "IOIOIOIOIA"
    code = check_code(serial, SECRET)
    typed = code.replace("O", "0").replace("I", "1")
    assert "0" in typed
    assert "1" in typed
    assert ballot_code.parse_check_code(typed, SECRET) == serial
    assert ballot_code.parse_check_code(typed.lower(), SECRET) == serial


def test_wrong_check_character_is_rejected() -> None:
    code = check_code(SERIAL, SECRET)
    for position in range(len(code)):
        if code[position] == "-":
            continue
        for replacement in B32:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            assert ballot_code.parse_check_code(typo, SECRET) is None, typo


@pytest.mark.parametrize(
    "typed",
    ["", "AERUKZ4JVM", "AERUK-Z4JVM", "AERUK-Z4JVM-ABC", "AERUK-Z4JVM-ABCDE", "ĐERUK-Z4JVM-ABCD", "8" * 14],
)
def test_malformed_check_codes_are_rejected(typed: str) -> None:
    assert ballot_code.parse_check_code(typed, SECRET) is None


def test_check_code_of_another_meeting_is_rejected() -> None:
    assert ballot_code.parse_check_code(check_code(SERIAL, OTHER_SECRET), SECRET) is None
