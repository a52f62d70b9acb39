"""Typed access to environment variables. A bad value fails loudly at start-up."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _read_secret(path: str | Path, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{what} cannot be read: {exc}") from None
    if not value:
        raise ImproperlyConfigured(f"{what} is empty")
    return value


def env_secret(name: str, default: str | None = None, *, fallback_file: Path | None = None) -> str:
    """A secret from ``NAME``, from the file named by ``NAME_FILE``, or from ``fallback_file``
    when that exists (``make run`` generates one on first start), else ``default``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return _read_secret(path, f"{name}_FILE")
    value = os.environ.get(name)
    if value is not None:
        return value
    if fallback_file is not None and fallback_file.exists():
        return _read_secret(fallback_file, str(fallback_file))
    if default is None:
        hint = f", or run `make run` once to create {fallback_file}" if fallback_file else ""
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set{hint}")
    return default
