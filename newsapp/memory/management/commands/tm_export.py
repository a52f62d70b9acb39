"""Export the translation memory as TMX, to stdout or a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.memory import selectors


class Command(BaseCommand):
    help = "Export the translation memory (or one language pair of it) as TMX 1.4."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", metavar="CODE", help="only this source language")
        parser.add_argument("--target", metavar="CODE", help="only this target language")
        parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            source = languages.normalise_base(options["source"]) if options["source"] else None
            target = languages.normalise_base(options["target"]) if options["target"] else None
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        data = selectors.tmx_export(source_language=source, target_language=target)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{output} cannot be written: {exc.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")
