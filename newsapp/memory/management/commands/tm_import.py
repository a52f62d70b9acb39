"""Import a TMX file into the translation memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp.core.commands import add_user_argument, read_bytes, user_option
from newsapp.core.errors import ServiceError
from newsapp.memory import services


class Command(BaseCommand):
    help = (
        "Import a TMX file into the translation memory. Entries translators confirmed on the "
        "desk are kept; other entries with the same source are updated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument(
            "--source-language", metavar="CODE",
            help="the source language, when the file says srclang=\"*all*\" or nothing",
        )  # fmt: skip
        add_user_argument(parser, "record this username as the importer")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = read_bytes(path)
        user = user_option(options)
        try:
            result = services.tmx_import(
                data=data, user=user, source_language=options["source_language"]
            )
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc}") from None
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(self.style.SUCCESS(f"{path.name}: {result.summary()}"))
