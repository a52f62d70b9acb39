"""Generate the Django secret key once, into a file only its owner can read.

``make run`` calls ``python -m newsapp.ops.secret PATH`` before starting anything; settings
read the file when neither ``DJANGO_SECRET_KEY`` nor ``DJANGO_SECRET_KEY_FILE`` is set.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def ensure_secret_key(path: Path) -> bool:
    """Create ``path`` with a fresh key (mode 0600) unless it exists; True if created.

    ``O_EXCL`` makes concurrent first starts agree: one creates the file, the others read it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m newsapp.ops.secret PATH", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if ensure_secret_key(path):
        print(f"Generated a secret key in {path} (mode 0600).")
    elif path.stat().st_mode & 0o077:
        print(f"warning: {path} is readable by others; chmod 600 it.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
