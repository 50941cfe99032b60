"""Ed25519 signatures (RFC 8032, the reference algorithm in pure Python) and the head's signing key sealed
with the PIN.

What only the head of the counting committee may do (correct or undo older ballots, rule on a ballot, close
and reopen a poll, change the PIN) is signed with a key that only the PIN unlocks; `verify` checks the
signature with the public key written in the log when the PIN was set, so it needs no PIN. Someone with the
file and the source but without the PIN cannot sign: they can only guess the PIN (docs/integrity.md).
"""

from __future__ import annotations

import hashlib
import secrets

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)

Point = tuple[int, int, int, int]


def _add(a: Point, b: Point) -> Point:
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % _P
    bb = (y1 + x1) * (y2 + x2) % _P
    cc = 2 * t1 * t2 * _D % _P
    dd = 2 * z1 * z2 % _P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s: int, point: Point) -> Point:
    result: Point = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(a: Point, b: Point) -> bool:
    x1, y1, z1, _ = a
    x2, y2, z2, _ = b
    return (x1 * z2 - x2 * z1) % _P == 0 and (y1 * z2 - y2 * z1) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0) or 0
_G: Point = (_GX, _GY, 1, _GX * _GY % _P)


def _compress(point: Point) -> bytes:
    x, y, z, _ = point
    zinv = pow(z, _P - 2, _P)
    x, y = x * zinv % _P, y * zinv % _P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decompress(data: bytes) -> Point | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def _sha512_int(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little")


def _expand(seed: bytes) -> tuple[int, bytes]:
    digest = hashlib.sha512(seed).digest()
    a = int.from_bytes(digest[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, digest[32:]


def public_key(seed: bytes) -> bytes:
    """The public key of a 32-byte secret seed."""
    a, _ = _expand(seed)
    return _compress(_mul(a, _G))


def sign(seed: bytes, message: bytes) -> bytes:
    """A 64-byte signature of `message`."""
    a, prefix = _expand(seed)
    public = _compress(_mul(a, _G))
    r = _sha512_int(prefix + message) % _L
    big_r = _compress(_mul(r, _G))
    h = _sha512_int(big_r + public + message) % _L
    s = (r + h * a) % _L
    return big_r + int.to_bytes(s, 32, "little")


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` was made on `message` by the seed of `public`."""
    if len(public) != 32 or len(signature) != 64:
        return False
    point_a = _decompress(public)
    point_r = _decompress(signature[:32])
    if point_a is None or point_r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = _sha512_int(signature[:32] + public + message) % _L
    return _equal(_mul(s, _G), _add(point_r, _mul(h, point_a)))


# --- the head's key, sealed with the PIN ---------------------------------------------------------------------


def _pad(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)


def new_sealed_key(pin: str) -> tuple[bytes, dict[str, str]]:
    """A new signing seed and what the log keeps of it: the public key and the seed sealed with the PIN."""
    seed, salt = secrets.token_bytes(32), secrets.token_bytes(16)
    sealed = bytes(x ^ y for x, y in zip(seed, _pad(pin, salt), strict=True))
    return seed, {"public_key": public_key(seed).hex(), "sealed_key": sealed.hex(), "salt": salt.hex()}


def unseal(pin: str, sealed: dict[str, str]) -> bytes | None:
    """The seed sealed with `pin`, or None when the PIN does not open it."""
    try:
        salt, box, public = (bytes.fromhex(sealed[k]) for k in ("salt", "sealed_key", "public_key"))
    except (KeyError, ValueError, TypeError):
        return None
    seed = bytes(x ^ y for x, y in zip(box, _pad(pin, salt), strict=True))
    return seed if public_key(seed) == public else None
