"""`load_screens` imports every screen of SCREEN_ORDER: a missing module is an error, never a missing step."""

from __future__ import annotations

import pytest

import ui.main_window as main_window


def test_every_screen_is_loaded_in_order() -> None:
    assert [cls.__module__ for cls in main_window.load_screens()] == [
        f"ui.screens.{name}" for name in main_window.SCREEN_ORDER
    ]


def test_a_missing_screen_module_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window, "SCREEN_ORDER", [*main_window.SCREEN_ORDER, "khong_co"])
    with pytest.raises(ModuleNotFoundError, match="khong_co"):
        main_window.load_screens()
