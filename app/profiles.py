"""Loading the shipped rule profiles (`resources/profiles/*.toml`)."""

from __future__ import annotations

import functools
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


@functools.cache
def _shipped() -> dict[str, Profile]:
    return load_profiles()


def get_profile(profile_id: str) -> Profile:
    """Return the shipped profile `profile_id`, or raise RulesError naming the known ids."""
    shipped = _shipped()
    try:
        return shipped[profile_id]
    except KeyError:
        known = ", ".join(sorted(shipped))
        raise RulesError(f"Không có hồ sơ quy tắc '{profile_id}'. Các hồ sơ có sẵn: {known}.") from None
