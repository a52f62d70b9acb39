"""Argos Translate packages, run through CTranslate2 directly.

This is the only module that imports ``argostranslate``, ``ctranslate2`` and
``sentencepiece``. Package discovery and installation go through
``argostranslate.package``; inference does not use ``argostranslate.translate``
(one CTranslate2 call per paragraph, beam 4, and a sentence splitter that downloads
models from the network). Instead we tokenize with the package's SentencePiece
model and call ``Translator.translate_batch`` once per batch of sentences, in token
batches, with a bounded decoding length. One Translator per package is cached per
process.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from django.conf import settings

from newsapp.mt.base import MTPermanentError, MTTransientError, Pair, UnsupportedPairError

logger = logging.getLogger(__name__)

PIVOT = "en"
_lock = threading.Lock()
_loaded: dict[Path, _Model] = {}


def _argos_package_module() -> ModuleType:
    """Import argostranslate with its package folder set from our settings."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(settings.ARGOS_PACKAGES_DIR)
    import argostranslate.package
    import argostranslate.settings

    folder = Path(settings.ARGOS_PACKAGES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # argostranslate reads its settings once at import; keep it pointed at ours.
    argostranslate.settings.package_data_dir = folder
    argostranslate.settings.package_dirs = [folder]
    module: ModuleType = argostranslate.package
    return module


@dataclass(frozen=True)
class PackageInfo:
    source: str
    target: str
    version: str
    path: Path
    target_prefix: str


@dataclass
class _Model:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # sentencepiece.SentencePieceProcessor
    target_prefix: str


def installed_packages() -> list[PackageInfo]:
    package = _argos_package_module()
    found = []
    for pkg in package.get_installed_packages():
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        found.append(
            PackageInfo(
                source=pkg.from_code,
                target=pkg.to_code,
                version=str(pkg.package_version),
                path=Path(pkg.package_path),
                target_prefix=pkg.target_prefix or "",
            )
        )
    return sorted(found, key=lambda p: (p.source, p.target))


def validate_archive(path: Path) -> dict[str, Any]:
    """Check an ``.argosmodel`` before installing it; return its metadata."""
    if not path.is_file():
        raise MTPermanentError(f"{path} does not exist.")
    if not zipfile.is_zipfile(path):
        raise MTPermanentError(f"{path.name} is not an Argos package (not a zip archive).")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) != 1 or not all("/" in n for n in names):
            raise MTPermanentError(
                f"{path.name} must hold exactly one top-level folder (found {sorted(tops)})."
            )
        top = tops.pop()
        try:
            metadata: dict[str, Any] = json.loads(archive.read(f"{top}/metadata.json"))
        except KeyError:
            raise MTPermanentError(f"{path.name} has no {top}/metadata.json.") from None
        except ValueError as exc:
            raise MTPermanentError(
                f"{path.name}: metadata.json is not valid JSON ({exc})."
            ) from None
        if not metadata.get("from_code") or not metadata.get("to_code"):
            raise MTPermanentError(f"{path.name}: metadata.json lacks from_code/to_code.")
        if not any(n.startswith(f"{top}/model/") for n in names):
            raise MTPermanentError(f"{path.name} has no model/ folder.")
        if f"{top}/sentencepiece.model" not in names:
            raise MTPermanentError(
                f"{path.name} has no sentencepiece.model (BPE packages are not supported)."
            )
    return metadata


def install_from_file(path: Path) -> PackageInfo:
    metadata = validate_archive(path)
    package = _argos_package_module()
    package.install_from_path(path)
    _loaded.clear()
    for info in installed_packages():
        if (info.source, info.target) == (metadata["from_code"], metadata["to_code"]):
            return info
    raise MTPermanentError(f"{path.name} was extracted but is not listed as installed.")


def remove(source: str, target: str) -> list[PackageInfo]:
    removed = [p for p in installed_packages() if (p.source, p.target) == (source, target)]
    for info in removed:
        shutil.rmtree(info.path)
    _loaded.clear()
    return removed


Progress = Callable[[int, int], None]


def _fetch(url: str, progress: Progress | None = None) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise MTPermanentError(f"Refusing to download from {url!r}.")
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - scheme checked
            total = int(response.headers.get("Content-Length") or 0)
            chunks, done = [], 0
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            return b"".join(chunks)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise MTTransientError(
            f"Cannot reach the Argos package index ({exc}). Without network, install a "
            "downloaded package with: python manage.py langpacks install --file PATH.argosmodel"
        ) from None


def index_packages() -> list[dict[str, Any]]:
    """The Argos package index (network)."""
    import argostranslate.settings

    _argos_package_module()
    data = _fetch(str(argostranslate.settings.remote_package_index))
    try:
        index = json.loads(data)
    except ValueError as exc:
        raise MTTransientError(f"The Argos package index is not valid JSON ({exc}).") from None
    return [entry for entry in index if entry.get("type", "translate") == "translate"]


def download_and_install(source: str, target: str, progress: Progress | None = None) -> PackageInfo:
    """Download the index's package for ``source``→``target`` and install it."""
    import tempfile

    for entry in index_packages():
        if (entry.get("from_code"), entry.get("to_code")) == (source, target):
            links = entry.get("links") or []
            if not links:
                break
            data = _fetch(links[0], progress)
            with tempfile.TemporaryDirectory() as tmp:
                archive = Path(tmp) / f"translate-{source}_{target}.argosmodel"
                archive.write_bytes(data)
                return install_from_file(archive)
    raise UnsupportedPairError(f"The Argos index has no package for {source}→{target}.")


def _load(info: PackageInfo) -> _Model:
    with _lock:
        model = _loaded.get(info.path)
        if model is None:
            import ctranslate2
            import sentencepiece

            try:
                translator = ctranslate2.Translator(
                    str(info.path / "model"),
                    device="cpu",
                    compute_type=settings.MT_COMPUTE_TYPE,
                    inter_threads=settings.MT_INTER_THREADS,
                    intra_threads=settings.MT_INTRA_THREADS,
                )
                tokenizer = sentencepiece.SentencePieceProcessor(
                    model_file=str(info.path / "sentencepiece.model")
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise MTPermanentError(
                    f"The Argos package {info.source}→{info.target} cannot be loaded: {exc}"
                ) from None
            model = _Model(translator, tokenizer, info.target_prefix)
            _loaded[info.path] = model
        return model


class ArgosEngine:
    name: ClassVar[str] = "argos"
    label: ClassVar[str] = "Argos Translate (CTranslate2)"
    # A bracketed number that SentencePiece splits into a few stable pieces.
    placeholder_format: ClassVar[str] = "⟦{n}⟧"
    #: translate_batch takes ``avoid``: target strings CTranslate2 must not generate.

    def _packages(self) -> dict[Pair, PackageInfo]:
        return {(p.source, p.target): p for p in installed_packages()}

    def _route(self, source: str, target: str) -> list[PackageInfo]:
        packages = self._packages()
        if (source, target) in packages:
            return [packages[(source, target)]]
        first, second = packages.get((source, PIVOT)), packages.get((PIVOT, target))
        if first and second:
            return [first, second]
        raise UnsupportedPairError(
            f"No Argos package for {source}→{target}. {self.install_hint(source, target)}"
        )

    def available_pairs(self) -> set[Pair]:
        direct = set(self._packages())
        pivots = {
            (s, t)
            for (s, mid) in direct
            for (mid2, t) in direct
            if mid == PIVOT and mid2 == PIVOT and s != t
        }
        return direct | pivots

    def install_hint(self, source: str, target: str) -> str:
        return (
            f"Install it with: python manage.py langpacks install {source} {target} "
            "(or langpacks install --file PATH.argosmodel offline)."
        )

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        """Translate ``sentences``; ``avoid`` lists target strings (forbidden glossary terms)
        that are passed to CTranslate2 as ``suppress_sequences`` on the last hop."""
        texts = list(sentences)
        route = self._route(source, target)
        for hop, info in enumerate(route):
            texts = self._run(_load(info), texts, avoid if hop == len(route) - 1 else ())
        return texts

    @staticmethod
    def _suppress(model: _Model, avoid: Sequence[str]) -> list[list[str]] | None:
        """Token sequences to forbid: each string as a word start and inside a word."""
        sequences: list[list[str]] = []
        for text in avoid:
            pieces = model.tokenizer.encode(text.strip(), out_type=str)
            if not pieces:
                continue
            sequences.append(pieces)
            inner = [pieces[0].removeprefix("▁"), *pieces[1:]]
            inner = [piece for piece in inner if piece]
            if inner and inner != pieces:
                sequences.append(inner)
        return sequences or None

    def _run(self, model: _Model, sentences: list[str], avoid: Sequence[str] = ()) -> list[str]:
        if not sentences:
            return []
        tokens = [model.tokenizer.encode(s.strip(), out_type=str) for s in sentences]
        prefix = [[model.target_prefix]] * len(tokens) if model.target_prefix else None
        try:
            results = model.translator.translate_batch(
                tokens,
                target_prefix=prefix,
                max_batch_size=settings.MT_MAX_BATCH_TOKENS,
                batch_type="tokens",
                beam_size=settings.MT_BEAM_SIZE,
                max_decoding_length=settings.MT_MAX_DECODING_LENGTH,
                replace_unknowns=True,
                suppress_sequences=self._suppress(model, avoid),
            )
        except RuntimeError as exc:
            raise MTTransientError(f"CTranslate2 failed: {exc}") from None
        out = []
        for source_tokens, result in zip(tokens, results, strict=True):
            if not source_tokens:
                out.append("")
                continue
            pieces = result.hypotheses[0]
            if model.target_prefix and pieces[:1] == [model.target_prefix]:
                pieces = pieces[1:]
            out.append(model.tokenizer.decode_pieces(pieces).replace("▁", " ").strip())
        return out
