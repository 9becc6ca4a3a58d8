"""Where the studio keeps its preferences and window state, and where its sources live."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QSettings

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
THEMES = ("light", "dark")


def settings_path() -> Path:
    """An INI file in the user config folder (XDG_CONFIG_HOME, so tests stay isolated)."""
    return user_config_path("kbstudio", appauthor=False) / "studio.ini"


def settings() -> QSettings:
    # An explicit path rather than Qt's defaults: Qt caches those on first use.
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def stylesheet(theme: str) -> str:
    """The Qt stylesheet for *theme*; an unknown theme falls back to light."""
    name = theme if theme in THEMES else "light"
    return (UI_DIR / f"{name}.qss").read_text(encoding="utf-8")
