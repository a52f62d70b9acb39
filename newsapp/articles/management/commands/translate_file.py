"""Translate a text file synchronously, through the same service code as the workers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp.articles.services import intake, translate_now
from newsapp.core.commands import read_text
from newsapp.core.errors import ServiceError
from newsapp.mt import registry
from newsapp.mt.base import MTError


class Command(BaseCommand):
    help = "Print the translation of a UTF-8 text file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", required=True, help="source language code, or 'detect'")
        parser.add_argument("--target", required=True, help="target language code")
        parser.add_argument("--engine", default="", help="force an engine (argos, apertium)")
        parser.add_argument(
            "--report", action="store_true", help="print the glossary compliance report as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        text = read_text(path)
        source, target = options["source"], options["target"]
        known = registry.installed_languages()
        for code in (source, target):
            if code != "detect" and code not in known:
                installed = ", ".join(sorted(known)) or "none"
                raise CommandError(
                    f"Unknown or uninstalled language {code!r} (installed: {installed})."
                )
        try:
            if source == "detect":
                source = intake.detect_source_language(text=text)
            result = translate_now.translate_text_now(
                text=text, source=source, target=target, engine=options["engine"]
            )
        except (ServiceError, MTError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.text)
        if options["report"]:
            self.stdout.write(json.dumps(result.report(), ensure_ascii=False, indent=2))
