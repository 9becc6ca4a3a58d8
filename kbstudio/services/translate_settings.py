"""Provider settings in the workspace's kbstudio.toml; API keys in the OS keyring only.

Settings are plain (a server URL, a region, timeouts) and travel with the workspace.
Keys are secrets: they go to the keyring under the service ``kbstudio`` and the user
``<workspace uid>/<provider>``, never to the database, the config file or an export.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from typing import TYPE_CHECKING, Any

from kbstudio.domain.errors import ValidationError
from kbstudio.services.config import CONFIG_FILE
from kbstudio.translation.providers import PROVIDERS, ProviderSettings

if TYPE_CHECKING:
    from pathlib import Path

KEYRING_SERVICE = "kbstudio"
_FIELDS = {f.name: f.type for f in dataclasses.fields(ProviderSettings) if f.name != "name"}


def _read(root: Path) -> dict[str, Any]:
    path = root / CONFIG_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError("bad-config", str(exc), file=str(path)) from None
    section = data.get("translation", {})
    return section if isinstance(section, dict) else {}


def load(root: Path) -> tuple[str | None, dict[str, ProviderSettings]]:
    """The default provider's name and the settings of every configured provider."""
    section = _read(root)
    found: dict[str, ProviderSettings] = {}
    for name, values in (section.get("providers") or {}).items():
        if name not in PROVIDERS or not isinstance(values, dict):
            raise ValidationError(
                "bad-config",
                f"unknown provider {name!r} in [translation.providers]",
                file=str(root / CONFIG_FILE),
                field=f"translation.providers.{name}",
            )
        known = {k: v for k, v in values.items() if k in _FIELDS}
        try:
            found[name] = ProviderSettings(name=name, **known)
        except TypeError as exc:
            raise ValidationError("bad-config", str(exc), file=str(root / CONFIG_FILE)) from None
    default = section.get("default_provider")
    return (str(default) if default else None), found


def settings_for(root: Path, name: str | None, *, url: str | None = None) -> ProviderSettings:
    """The settings of provider *name* (default: the workspace's), with *url* overriding."""
    default, configured = load(root)
    name = name or default
    if not name:
        raise ValidationError(
            "no-provider",
            "no provider given and none configured: pass --provider or run `kbstudio provider set`",
            field="--provider",
        )
    if name not in PROVIDERS:
        raise ValidationError(
            "bad-provider", f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})"
        )
    found = configured.get(name, ProviderSettings(name))
    return dataclasses.replace(found, url=url) if url else found


def save(root: Path, settings: ProviderSettings, *, default: bool = False) -> None:
    """Write *settings* into kbstudio.toml, keeping every other part of the file."""
    current_default, configured = load(root)
    configured[settings.name] = settings
    path = root / CONFIG_FILE
    kept = _without_translation_tables(path.read_text(encoding="utf-8"))
    lines = [kept.rstrip("\n"), "", "[translation]"]
    chosen = settings.name if default or not current_default else current_default
    lines.append(f"default_provider = {json.dumps(chosen)}")
    for name in sorted(configured):
        lines += ["", f"[translation.providers.{name}]"]
        for field, value in dataclasses.asdict(configured[name]).items():
            if field == "name" or value == getattr(ProviderSettings(name), field):
                continue
            lines.append(f"{field} = {_toml(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _without_translation_tables(text: str) -> str:
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped.startswith(("[translation]", "[translation."))
        if not skipping:
            out.append(line)
    return "".join(out)


def key_user(workspace_uid: str, provider: str) -> str:
    return f"{workspace_uid}/{provider}"


def key_env(provider: str) -> str:
    return f"KBSTUDIO_{provider.upper()}_KEY"


def get_key(workspace_uid: str, provider: str) -> str | None:
    """The provider's key: from the environment (machines with no keyring), else the keyring."""
    import keyring
    from keyring.errors import KeyringError

    from_env = os.environ.get(key_env(provider))
    if from_env:
        return from_env
    try:
        return keyring.get_password(KEYRING_SERVICE, key_user(workspace_uid, provider))
    except KeyringError:
        return None


def set_key(workspace_uid: str, provider: str, key: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, key_user(workspace_uid, provider), key)
    except KeyringError as exc:
        raise ValidationError(
            "no-keyring",
            f"cannot store the key in the OS keyring ({exc}); on a machine without one,"
            f" set {key_env(provider)} in the environment instead",
        ) from None
