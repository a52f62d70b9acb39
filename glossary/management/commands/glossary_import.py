"""Import a CSV or TBX glossary file: print the preview, then apply it (unless --dry-run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glossary import io
from glossary.services import imports
from newsapp.core.commands import add_user_argument, read_bytes, user_option
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.core.sanitize import text_clean


class Command(BaseCommand):
    help = (
        "Import glossary concepts from a CSV or TBX file. Terms enter as proposed (the "
        "editors' review queue) unless --approve is given. Refused rows are listed and "
        "skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument("--approve", action="store_true", help="import terms as approved")
        parser.add_argument("--format", choices=["csv", "tbx"], help="default: from the name")
        parser.add_argument("--dry-run", action="store_true", help="show the preview only")
        add_user_argument(parser, "record this username as the proposer/reviewer")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            content = text_clean(io.decode_upload(read_bytes(path)))
        except io.GlossaryFormatError as exc:
            raise CommandError(f"{path}: {exc}") from None
        user = user_option(options)
        fmt = options["format"] or io.detect_format(path.name, content)
        try:
            plan = io.plan_import(io.load(content, fmt), fmt=fmt,
                                  concept_edits=user is None or is_editor(user))  # fmt: skip
        except io.GlossaryFormatError as exc:
            raise CommandError(f"{path}: {exc}") from None
        for item in plan.refused:
            self.stderr.write(f"refused {item.where}: {item.reason}")
        self.stdout.write(
            f"{path.name}: {len(plan.creates)} to create, {len(plan.updates)} to update, "
            f"{len(plan.unchanged)} unchanged, {len(plan.refused)} refused."
        )
        if options["dry_run"] or not plan.has_changes:
            self.stdout.write("Nothing imported.")
            return
        try:
            result = imports.glossary_import_apply(
                plan=plan, user=user, approve=options["approve"], source_name=path.name
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        status = "approved" if options["approve"] else "proposed (waiting for review)"
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {result.created} concepts created, {result.updated} updated, "
            f"{result.terms_added} terms added, {result.terms_changed} changed; {status}."
        ))  # fmt: skip
