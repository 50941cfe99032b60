"""Loading the shipped rule profiles (`resources/profiles/*.toml`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app.errors import RulesError
from app.resources import resources_dir
from app.rules.profile import Profile, parse_profile


def profiles_dir() -> Path:
    """The folder holding the shipped rule profiles."""
    return resources_dir() / "profiles"


def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Read every `*.toml` profile in `folder` (default: the shipped ones), keyed by id."""
    folder = folder or profiles_dir()
    result: dict[str, Profile] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RulesError(f"{path.name}: không đọc được hồ sơ quy tắc ({exc}).") from None
        profile = parse_profile(data, path.name)
        result[profile.id] = profile
    return result


_CACHE: dict[str, Profile] = {}


def get_profile(profile_id: str) -> Profile:
    """Return the shipped profile `profile_id`, or raise RulesError naming the known ids."""
    if not _CACHE:
        _CACHE.update(load_profiles())
    try:
        return _CACHE[profile_id]
    except KeyError:
        known = ", ".join(sorted(_CACHE))
        raise RulesError(f"Không có hồ sơ quy tắc '{profile_id}'. Các hồ sơ có sẵn: {known}.") from None
