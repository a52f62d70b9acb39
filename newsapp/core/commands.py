"""The preamble management commands share: ``--user NAME`` and reading the file argument."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser


def add_user_argument(parser: CommandParser, help_text: str) -> None:
    parser.add_argument("--user", help=help_text)


def user_option(options: dict[str, Any]) -> Any:
    """The user named by ``--user``, None when not given; CommandError for an unknown name."""
    name = options.get("user")
    if not name:
        return None
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"No user named {name!r}.")
    return user


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or CommandError with a readable reason."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise CommandError(f"{path} cannot be read: {exc.strerror}.") from None


def read_text(path: Path) -> str:
    """The file as UTF-8 text, or CommandError with a readable reason."""
    try:
        return read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
