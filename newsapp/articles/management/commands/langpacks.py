"""Manage Argos language packs: list, available, install SRC TGT or --file PATH, remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp.mt import argos, registry
from newsapp.mt.argos import packs
from newsapp.mt.base import MTError


class Command(BaseCommand):
    help = "List, download, install or remove Argos Translate language packs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="installed pairs, from every engine")
        sub.add_parser("available", help="packages in the Argos index (needs network)")
        install = sub.add_parser("install", help="install SRC TGT (both directions) or --file")
        install.add_argument("codes", nargs="*", metavar="CODE")
        install.add_argument("--file", type=Path, help="a downloaded .argosmodel file")
        remove = sub.add_parser(
            "remove", help="remove packages: CODE (all involving it) or SRC TGT"
        )
        remove.add_argument("codes", nargs="+", metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except MTError as exc:
            raise CommandError(str(exc)) from None
        finally:
            registry.reset()

    def _list(self, options: dict[str, Any]) -> None:
        offers = registry.available_pairs()
        if not offers:
            self.stdout.write("No language pairs installed.")
        for offer in offers:
            self.stdout.write(f"{offer.source} -> {offer.target}\t{', '.join(offer.engines)}")
        for name, problem in packs.broken_packages():
            message = f"Skipped {name!r} in the packs folder: {problem}"
            self.stderr.write(self.style.WARNING(message))

    def _available(self, options: dict[str, Any]) -> None:
        for entry in argos.index_packages():
            version = entry.get("package_version", "")
            self.stdout.write(f"{entry.get('from_code')} -> {entry.get('to_code')}\t{version}")

    def _install(self, options: dict[str, Any]) -> None:
        if options["file"]:
            info = argos.install_from_file(options["file"])
            self.stdout.write(self.style.SUCCESS(f"Installed {info.source} -> {info.target}"))
            return
        codes = options["codes"]
        if len(codes) != 2:
            raise CommandError("Give two language codes (install en ko) or --file PATH.")
        for code in codes:
            if not packs.valid_code(code):
                raise CommandError(f"{code!r} is not a language code (like en, ko or pt-BR).")
        source, target = codes
        for pair in ((source, target), (target, source)):
            self.stdout.write(f"Downloading {pair[0]} -> {pair[1]} …")
            try:
                info = argos.download_and_install(*pair, progress=self._progress)
            finally:
                self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Installed {info.source} -> {info.target}"))

    def _progress(self, done: int, total: int) -> None:
        step = (100 * done // total) if total else done >> 20  # percent, or MB
        if step == getattr(self, "_last_step", None):
            return
        self._last_step = step
        if total:
            line = f"\r  {done / 1e6:6.1f} / {total / 1e6:.1f} MB ({step}%)"
        else:
            line = f"\r  {done / 1e6:6.1f} MB"
        self.stdout.write(line, ending="")
        self.stdout.flush()

    def _remove(self, options: dict[str, Any]) -> None:
        codes = options["codes"]
        pairs = [
            (p.source, p.target)
            for p in argos.installed_packages()
            if (len(codes) == 1 and codes[0] in (p.source, p.target))
            or (len(codes) == 2 and (p.source, p.target) == tuple(codes))
        ]
        if not pairs:
            raise CommandError(f"No installed Argos package matches {' '.join(codes)}.")
        for source, target in pairs:
            argos.remove(source, target)
            self.stdout.write(f"Removed {source} -> {target}")
