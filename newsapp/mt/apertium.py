"""Apertium, the rule-based engine, run through its command-line tool.

This is the only module in the project that runs the ``apertium`` CLI. Every call is an
argument list (never a shell) of the form ``apertium -u -f txt <mode>``, with UTF-8 bytes on
stdin and stdout and ``settings.APERTIUM_TIMEOUT_SECONDS`` as the limit.

What was measured on Debian's apertium 3.8.3 with apertium-eng-spa 0.8.1 (eng-spa, spa-eng):

* **Placeholders.** ``[X{n}X]`` came back exactly once in 14,000/14,000 generated sentences
  (7 seeds x 1,000 sentences x both directions; 1-5 placeholders each, glued to words,
  next to ``, . ; : ! ? ( ) " ' ’s … % / — ¿ ¡ # @ * [ ] _``, at sentence start and end).
  ``__T{n}__`` lost 16 of 7,000 on eng-spa (``__T5__’s`` becomes ``__T5'__``; spa-eng was
  7,000/7,000); ``⟦{n}⟧`` broke twice in 200 on eng-spa next to a genitive ``'s``.
* **Unknown-word marks.** Without ``-u``, unknown words come back as ``*word``. With ``-u``,
  no ``*``, ``#`` or ``@`` mark appeared in 4,000 sentences of random word soup (9,162
  English and 7,529 Spanish word types) nor in odd grammar ("goed", "niñoses", "sabo").
  ``#``, ``@`` and ``*`` already in the input ("#MeToo", an e-mail address) pass through.
* **Batching.** Sentences joined with a blank line (``"\\n\\n"``) in ``-f txt`` come back
  separated by a blank line: 151/151 sentences (placeholders, abbreviations such as
  "U.S.", sentences with no final punctuation, lone words) translated identically in one
  call and one call per sentence, in both directions. ``-z`` (null-flush) drops the NUL
  separators and garbles words on this version, and ``-f line`` drops final full stops, so
  neither is used. A NUL or carriage return inside a sentence eats or mangles the word
  next to it, so control characters and line breaks inside a sentence become spaces.
* **Cost.** About 0.15-0.18 s start-up per call on an idle machine, then roughly 10,000
  words per second; bench/apertium_speed.py measures a 550-word article.
* **Typography.** Output keeps runs of spaces, spaces inside brackets and quotes and before
  commas, and capitalises the first translated word after a passed-through first word
  ("Kirby Visitó Seúl.", "[X1X] Dijo no."): each sentence goes through
  :func:`newsapp.mt.typography.tidy` for its target language, so the stored machine text
  is tidy (``TIDY_VERSION`` is part of the MT cache fingerprint).
* **Timeout.** ``subprocess.run`` kills the ``apertium`` shell script only; the programs of
  its pipeline are left to finish their input and end on the closed pipe.

Modes are discovered with ``apertium -l`` (falling back to the ``modes/*.mode`` files of
the data folder) and mapped to ISO 639-1 codes: ``eng-spa`` and ``en-gl`` both count;
``spa-eng_US`` (a regional variant) is used only when no plain mode offers the pair;
debug modes such as ``eng-spa-tagger`` are ignored.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.utils.translation import gettext as _

from newsapp.mt.base import (
    MTPermanentError,
    MTTransientError,
    Pair,
    UnsupportedPairError,
)
from newsapp.mt.typography import tidy

logger = logging.getLogger(__name__)

#: Sentences are sent as paragraphs, one blank line apart; Apertium keeps the blank line.
SEPARATOR = "\n\n"
_SPLIT = re.compile(r"\n[ \t]*\n")
#: Control characters and line breaks inside a sentence (tab is harmless and kept).
_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]+")
#: Characters per CLI call, so that one call stays well inside the timeout (about 1.5 s).
MAX_BATCH_CHARS = 100_000
#: Seconds after which available_pairs() looks at the installed modes again.
DISCOVERY_TTL_SECONDS = 60.0
DEFAULT_DATADIR = "/usr/share/apertium"
APT_HINT = "apt-get install apertium apertium-eng-spa"
#: Bumped whenever tidy() changes its output, so that the MT cache is not served stale text.
TIDY_VERSION = 1

_MODE = re.compile(r"^(?P<src>[a-z]{2,3})-(?P<tgt>[a-z]{2,3})(?:_(?P<variant>[A-Za-z0-9]+))?$")

#: ISO 639-3 (as Apertium names languages) to ISO 639-1 (as the project does).
ISO3_TO_ISO1: dict[str, str] = {
    "afr": "af", "ara": "ar", "arg": "an", "bak": "ba", "bel": "be", "ben": "bn",
    "bre": "br", "bul": "bg", "cat": "ca", "ces": "cs", "chv": "cv", "cym": "cy",
    "dan": "da", "deu": "de", "ell": "el", "eng": "en", "epo": "eo", "est": "et",
    "eus": "eu", "fao": "fo", "fas": "fa", "fin": "fi", "fra": "fr", "gla": "gd",
    "gle": "ga", "glg": "gl", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu",
    "hye": "hy", "ind": "id", "isl": "is", "ita": "it", "jpn": "ja", "kat": "ka",
    "kaz": "kk", "kir": "ky", "kor": "ko", "lat": "la", "lav": "lv", "lit": "lt",
    "ltz": "lb", "mkd": "mk", "mlt": "mt", "mon": "mn", "msa": "ms", "nld": "nl",
    "nno": "nn", "nob": "nb", "nor": "no", "oci": "oc", "pol": "pl", "por": "pt",
    "ron": "ro", "rus": "ru", "sme": "se", "slk": "sk", "slv": "sl", "spa": "es",
    "sqi": "sq", "srd": "sc", "srp": "sr", "swe": "sv", "tat": "tt", "tur": "tr",
    "ukr": "uk", "urd": "ur", "uzb": "uz", "vie": "vi", "zho": "zh",
}  # fmt: skip
ISO1_TO_ISO3: dict[str, str] = {two: three for three, two in ISO3_TO_ISO1.items()}

#: Debian packages of Apertium pairs (apt-cache search apertium, Debian trixie), by the
#: unordered pair of ISO 639-1 codes. Debian's names mix 2- and 3-letter codes.
DEBIAN_PACKAGES: dict[frozenset[str], str] = {
    frozenset(pair.split("-")): package
    for pair, package in {
        "af-nl": "apertium-afr-nld", "an-ca": "apertium-arg-cat", "be-ru": "apertium-bel-rus",
        "br-fr": "apertium-br-fr", "ca-it": "apertium-cat-ita", "ca-sc": "apertium-cat-srd",
        "da-no": "apertium-dan-nor", "en-gl": "apertium-en-gl", "en-ca": "apertium-eng-cat",
        "en-es": "apertium-eng-spa", "eo-ca": "apertium-eo-ca", "eo-en": "apertium-eo-en",
        "eo-es": "apertium-eo-es", "eo-fr": "apertium-eo-fr", "es-gl": "apertium-es-gl",
        "es-pt": "apertium-es-pt", "es-ro": "apertium-es-ro", "eu-en": "apertium-eu-en",
        "eu-es": "apertium-eu-es", "fr-es": "apertium-fr-es", "fr-ca": "apertium-fra-cat",
        "is-en": "apertium-isl-eng", "is-sv": "apertium-isl-swe", "mk-bg": "apertium-mkd-bul",
        "mk-en": "apertium-mkd-eng", "nn-nb": "apertium-nno-nob", "oc-ca": "apertium-oc-ca",
        "oc-es": "apertium-oc-es", "oc-fr": "apertium-oci-fra", "pt-ca": "apertium-por-cat",
        "pt-gl": "apertium-pt-gl", "ru-uk": "apertium-rus-ukr", "es-an": "apertium-spa-arg",
        "es-ca": "apertium-spa-cat", "es-it": "apertium-spa-ita", "sc-it": "apertium-srd-ita",
        "sv-da": "apertium-swe-dan", "sv-no": "apertium-swe-nor", "ur-hi": "apertium-urd-hin",
    }.items()
}  # fmt: skip


def parse_mode(mode: str) -> tuple[Pair, bool] | None:
    """``(source, target)`` in ISO 639-1 for a mode name, and whether it is a plain mode.

    ``None`` for debug and intermediate modes, and for languages with no 2-letter code.
    """
    match = _MODE.match(mode.strip())
    if match is None:
        return None
    source, target = _iso1(match["src"]), _iso1(match["tgt"])
    if not source or not target or source == target:
        return None
    return (source, target), match["variant"] is None


def _iso1(code: str) -> str:
    return code if len(code) == 2 else ISO3_TO_ISO1.get(code, "")


def modes_by_pair(mode_names: Sequence[str]) -> dict[Pair, str]:
    """The mode to run for each pair: plain modes first, 3-letter names before 2-letter."""
    ranked: dict[Pair, tuple[tuple[bool, bool, str], str]] = {}
    for mode in mode_names:
        parsed = parse_mode(mode)
        if parsed is None:
            continue
        pair, plain = parsed
        rank = (not plain, len(mode.split("-")[0]) == 2, mode)
        if pair not in ranked or rank < ranked[pair][0]:
            ranked[pair] = (rank, mode)
    return {pair: mode for pair, (_, mode) in ranked.items()}


def debian_package(source: str, target: str) -> str:
    """The Debian package that translates between two languages, or ``""`` if unknown."""
    return DEBIAN_PACKAGES.get(frozenset((source, target)), "")


def normalise(sentence: str) -> str:
    """One line of text: line breaks and control characters become single spaces."""
    return _BREAKS.sub(" ", sentence).strip()


def split_output(output: str) -> list[str]:
    """The translated sentences of one batched call, in order."""
    return [part.strip() for part in _SPLIT.split(output.strip("\n"))]


def chunks(texts: Sequence[str], max_chars: int = MAX_BATCH_CHARS) -> Iterator[list[str]]:
    """Consecutive groups of ``texts`` of at most ``max_chars`` (a longer text goes alone)."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > max_chars:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text) + len(SEPARATOR)
    if group:
        yield group


def _environment() -> dict[str, str]:
    """The process environment, less an LC_ALL that would override Apertium's UTF-8 locale."""
    env = dict(os.environ)
    if "utf" not in env.get("LC_ALL", "utf").lower().replace("-", ""):
        env.pop("LC_ALL")
    return env


class ApertiumEngine:
    """The :class:`newsapp.mt.base.MTEngine` for Apertium's CLI."""

    name: ClassVar[str] = "apertium"
    label: ClassVar[str] = "Apertium (rule-based)"
    placeholder_format: ClassVar[str] = "[X{n}X]"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._modes: dict[Pair, str] = {}
        self._discovered_for = ""
        self._discovered_at = 0.0

    # --- the contract -------------------------------------------------------------------

    def available_pairs(self) -> set[Pair]:
        return set(self._installed_modes())

    def install_hint(self, source: str, target: str) -> str:
        package = debian_package(source, target)
        if package:
            return _(
                "Install the Debian package %(package)s (apt-get install apertium %(package)s)."
            ) % {"package": package}
        guess = f"apertium-{ISO1_TO_ISO3.get(source, source)}-{ISO1_TO_ISO3.get(target, target)}"
        return _(
            "No Debian package of Apertium is known for %(source)s→%(target)s; look for one "
            "named like %(guess)s with apt-cache search apertium."
        ) % {"source": source, "target": target, "guess": guess}

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        mode = self._mode_for(source, target)
        texts = [normalise(sentence) for sentence in sentences]
        todo = [index for index, text in enumerate(texts) if text]
        translated: list[str] = []
        for group in chunks([texts[index] for index in todo]):
            translated.extend(self._translate_group(group, mode))
        results = [""] * len(texts)
        for index, text in zip(todo, translated, strict=True):
            results[index] = tidy(text, source=texts[index], target=target)
        return results

    # --- discovery ----------------------------------------------------------------------

    def _installed_modes(self) -> dict[Pair, str]:
        binary = str(settings.APERTIUM_BINARY)
        with self._lock:
            fresh = time.monotonic() - self._discovered_at < DISCOVERY_TTL_SECONDS
            if self._discovered_for == binary and fresh:
                return dict(self._modes)
        modes = modes_by_pair(self._list_modes(binary))
        with self._lock:
            self._modes, self._discovered_for = modes, binary
            self._discovered_at = time.monotonic()
        return dict(modes)

    def _list_modes(self, binary: str) -> list[str]:
        """Mode names from ``apertium -l``, else from the data folder's ``*.mode`` files."""
        completed = self._run([binary, "-l"], "")
        names = completed.stdout.decode("utf-8", errors="replace").split()
        if completed.returncode == 0 and names:
            return names
        datadir = Path(os.environ.get("APERTIUM_DATADIR", DEFAULT_DATADIR))
        return sorted(path.stem for path in (datadir / "modes").glob("*.mode"))

    def fingerprint(self, source: str, target: str) -> str:
        """The mode and when its data was installed (the MT cache keys on it)."""
        mode = self._mode_for(source, target)
        datadir = Path(os.environ.get("APERTIUM_DATADIR", DEFAULT_DATADIR))
        modefile = datadir / "modes" / f"{mode}.mode"
        stamp = int(modefile.stat().st_mtime) if modefile.exists() else 0
        return f"apertium:{mode}:{stamp}:tidy{TIDY_VERSION}"

    def _mode_for(self, source: str, target: str) -> str:
        modes = self._installed_modes()
        if (source, target) in modes:
            return modes[(source, target)]
        raise UnsupportedPairError(self._unsupported_message(source, target, modes))

    def _unsupported_message(self, source: str, target: str, modes: dict[Pair, str]) -> str:
        values = {"source": source, "target": target, "hint": self.install_hint(source, target)}
        if (target, source) in modes:
            return (
                _(
                    "Apertium cannot translate %(source)s→%(target)s on this server. Only the "
                    "opposite direction (%(target)s→%(source)s) is installed. %(hint)s"
                )
                % values
            )
        return (
            _("Apertium cannot translate %(source)s→%(target)s on this server. %(hint)s") % values
        )

    # --- running the CLI ----------------------------------------------------------------

    def _translate_group(self, texts: list[str], mode: str) -> list[str]:
        """One call for the whole group; one call per sentence if the split goes wrong."""
        if len(texts) == 1:
            return [self._call(texts[0], mode)]
        parts = split_output(self._call(SEPARATOR.join(texts), mode))
        if len(parts) == len(texts):
            return parts
        logger.warning(
            "Apertium %s returned %d paragraphs for %d sentences; translating one at a time.",
            mode,
            len(parts),
            len(texts),
        )
        return [self._call(text, mode) for text in texts]

    def _call(self, text: str, mode: str) -> str:
        """Translate ``text`` with one run of the CLI and return the stripped output."""
        binary = str(settings.APERTIUM_BINARY)
        completed = self._run([binary, "-u", "-f", "txt", mode], text + "\n")
        if completed.returncode != 0:
            raise self._failure(completed, mode)
        return completed.stdout.decode("utf-8", errors="replace").strip()

    def _run(self, args: list[str], text: str) -> subprocess.CompletedProcess[bytes]:
        timeout = int(settings.APERTIUM_TIMEOUT_SECONDS)
        try:
            return subprocess.run(
                args,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=timeout,
                check=False,
                env=_environment(),
            )
        except subprocess.TimeoutExpired as error:
            raise MTTransientError(
                _(
                    "Apertium did not answer within %(timeout)s seconds "
                    "(APERTIUM_TIMEOUT_SECONDS); the server may be busy. Try again later."
                )
                % {"timeout": timeout}
            ) from error
        except (FileNotFoundError, NotADirectoryError) as error:
            raise MTPermanentError(
                _(
                    "The Apertium program %(program)s is not installed on this server "
                    "(APERTIUM_BINARY). Install it with: %(hint)s"
                )
                % {"program": repr(args[0]), "hint": APT_HINT}
            ) from error
        except OSError as error:
            raise MTPermanentError(
                _(
                    "The Apertium program %(program)s could not be started (%(error)s). "
                    "Check APERTIUM_BINARY, or reinstall it with: %(hint)s"
                )
                % {"program": repr(args[0]), "error": error.strerror, "hint": APT_HINT}
            ) from error

    def _failure(
        self, completed: subprocess.CompletedProcess[bytes], mode: str
    ) -> MTPermanentError:
        stderr = completed.stderr.decode("utf-8", errors="replace").strip()
        first_line = stderr.splitlines()[0] if stderr else "no error message"
        if "does not exist" in first_line and "Mode" in first_line:
            parsed = parse_mode(mode)
            hint = self.install_hint(*parsed[0]) if parsed else ""
            self._discovered_at = 0.0  # the installed modes changed; look again next time
            return UnsupportedPairError(
                (
                    _("Apertium has no %(mode)s mode any more. %(hint)s")
                    % {"mode": mode, "hint": hint}
                ).strip()
            )
        return MTPermanentError(
            _("Apertium failed on %(mode)s (exit status %(status)s): %(detail)s")
            % {"mode": mode, "status": completed.returncode, "detail": first_line}
        )
