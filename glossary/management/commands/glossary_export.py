"""Export the approved glossary as CSV or TBX, to stdout or a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glossary import io
from glossary.termdata import language_normalise
from newsapp.core.errors import ServiceError


class Command(BaseCommand):
    help = "Export the approved glossary (CSV: one concept per row; TBX: TBX-Basic v3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "tbx"], default="csv")
        parser.add_argument(
            "--lang", action="append", default=[], metavar="CODE",
            help="only this language (repeat for several); default: all",
        )  # fmt: skip
        parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            languages = [language_normalise(code) for code in options["lang"]]
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        chunks = io.export(options["format"], languages=languages)
        output: Path | None = options["output"]
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as exc:
            raise CommandError(f"{output} cannot be written: {exc.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")
