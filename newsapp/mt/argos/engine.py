"""The Argos engine: installed packages run through CTranslate2 directly.

Inference does not use ``argostranslate.translate`` (one CTranslate2 call per paragraph,
beam 4, and a sentence splitter that downloads models). We tokenize with the package's
SentencePiece model and call ``Translator.translate_batch`` once per batch of sentences, in
token batches, with a bounded decoding length. One Translator per package is cached per
process, on the device ``MT_DEVICE`` selects. Forbidden glossary terms become
``suppress_sequences``, encoded once per term and model; a term the model's vocabulary
cannot spell is skipped there (the output check still catches it).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import gettext as _

from newsapp.mt.argos import packs
from newsapp.mt.argos.device import DeviceChoice, choose_device
from newsapp.mt.argos.packs import PackageInfo, installed_packages
from newsapp.mt.base import (
    MTBadInputError,
    MTError,
    MTPermanentError,
    MTText,
    MTTransientError,
    Pair,
    UnsupportedPairError,
)

logger = logging.getLogger(__name__)

PIVOT = "en"
#: Encoded forbidden terms kept per model before the cache starts again.
SUPPRESS_CACHE_SIZE = 200_000
_VOCABULARY_FILES = (
    "target_vocabulary.json",
    "shared_vocabulary.json",
    "target_vocabulary.txt",
    "shared_vocabulary.txt",
)

_lock = threading.Lock()
_loaded: dict[Path, _Model] = {}
#: The packages folder's stamp (packs.version) when the models in ``_loaded`` were loaded.
_loaded_version = ""
_skipped_terms: set[tuple[Path, str]] = set()


@dataclass
class _Model:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # sentencepiece.SentencePieceProcessor
    target_prefix: str
    path: Path
    #: Pieces the model can generate; None when its vocabulary file is unreadable.
    vocabulary: frozenset[str] | None = None
    suppress_cache: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


def forget_models() -> None:
    """Drop cached Translators (after installing or removing packages)."""
    with _lock:
        _loaded.clear()


def _check_version() -> None:
    """Drop cached Translators when another process installed or removed a package (its
    stamp changed), so that a worker uses a replaced package without a restart."""
    global _loaded_version
    current = packs.version()
    with _lock:
        if current != _loaded_version:
            if _loaded:
                logger.info("Argos packages changed; loading models again")
            _loaded.clear()
            _loaded_version = current


def cuda_device_count() -> int:
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:
        return 0


def device_choice() -> DeviceChoice:
    """The device and compute type from ``MT_DEVICE`` and ``MT_COMPUTE_TYPE``."""
    return choose_device(settings.MT_DEVICE, cuda_device_count(), settings.MT_COMPUTE_TYPE)


def open_translator(model_dir: Path, *, inter_threads: int, intra_threads: int) -> Any:
    """A CTranslate2 Translator on the configured device (also used by ``mt_bench``)."""
    import ctranslate2

    choice = device_choice()
    return ctranslate2.Translator(
        str(model_dir),
        device=choice.device,
        compute_type=choice.compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
    )


def open_tokenizer(package_dir: Path) -> Any:
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))


def _target_vocabulary(model_dir: Path) -> frozenset[str] | None:
    for name in _VOCABULARY_FILES:
        path = model_dir / name
        if not path.is_file():
            continue
        try:
            if name.endswith(".json"):
                return frozenset(json.loads(path.read_text(encoding="utf-8")))
            return frozenset(path.read_text(encoding="utf-8").splitlines())
        except (OSError, ValueError, TypeError):
            return None
    return None


def _load(info: PackageInfo) -> _Model:
    with _lock:
        model = _loaded.get(info.path)
        if model is None:
            try:
                translator = open_translator(
                    info.path / "model",
                    inter_threads=settings.MT_INTER_THREADS,
                    intra_threads=settings.MT_INTRA_THREADS,
                )
                tokenizer = open_tokenizer(info.path)
            except (RuntimeError, ValueError, OSError) as exc:
                raise MTPermanentError(
                    _("The Argos package %(source)s→%(target)s cannot be loaded: %(error)s")
                    % {"source": info.source, "target": info.target, "error": exc}
                ) from None
            model = _Model(
                translator,
                tokenizer,
                info.target_prefix,
                info.path,
                _target_vocabulary(info.path / "model"),
            )
            _loaded[info.path] = model
        return model


def classify_error(exc: BaseException) -> MTError:
    """Turn an exception from CTranslate2 or SentencePiece into our errors: resources
    (memory, I/O, the device) are transient; a refused value is permanent, so a bad input
    fails at once instead of being retried until its attempts run out."""
    if isinstance(exc, MTError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, MemoryError | OSError | RuntimeError):
        return MTTransientError(
            _("CTranslate2 failed (%(detail)s); it will be retried.") % {"detail": detail}
        )
    if isinstance(exc, ValueError | TypeError | IndexError | KeyError | UnicodeError):
        return MTBadInputError(
            _("The Argos engine cannot translate this input (%(detail)s).") % {"detail": detail}
        )
    return MTPermanentError(
        _("The Argos engine failed unexpectedly (%(detail)s).") % {"detail": detail}
    )


class ArgosEngine:
    name: ClassVar[str] = "argos"
    label: ClassVar[str] = "Argos Translate (CTranslate2)"
    # A bracketed number that SentencePiece splits into a few stable pieces.
    placeholder_format: ClassVar[str] = "⟦{n}⟧"
    #: translate_batch takes ``avoid``: target strings CTranslate2 must not generate.

    def _packages(self) -> dict[Pair, PackageInfo]:
        _check_version()
        return {(p.source, p.target): p for p in installed_packages()}

    def _route(self, source: str, target: str) -> list[PackageInfo]:
        packages = self._packages()
        if (source, target) in packages:
            return [packages[(source, target)]]
        first, second = packages.get((source, PIVOT)), packages.get((PIVOT, target))
        if first and second:
            return [first, second]
        raise UnsupportedPairError(
            _("No Argos package for %(source)s→%(target)s. %(hint)s")
            % {"source": source, "target": target, "hint": self.install_hint(source, target)}
        )

    def fingerprint(self, source: str, target: str) -> str:
        """What decides this engine's output for the pair: the packages on the route (and
        their versions) and the decoding settings (the MT cache keys on it)."""
        route = ",".join(f"{p.path.name}@{p.version}" for p in self._route(source, target))
        return (
            f"argos:{route}:beam={settings.MT_BEAM_SIZE}:len={settings.MT_MAX_DECODING_LENGTH}"
            f":type={settings.MT_COMPUTE_TYPE or 'auto'}"
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
        return _(
            "Install it with: python manage.py langpacks install %(source)s %(target)s "
            "(or langpacks install --file PATH.argosmodel offline)."
        ) % {"source": source, "target": target}

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
    def _encode_forbidden(model: _Model, text: str) -> tuple[tuple[str, ...], ...]:
        """The token sequences that spell ``text``: as a word start and inside a word. A form
        with a piece outside the model's vocabulary is left out (CTranslate2 would refuse the
        whole call); a term with no form left is skipped and logged once."""
        pieces = tuple(model.tokenizer.encode(text.strip(), out_type=str))
        if not pieces:
            return ()
        forms = [pieces]
        inner = tuple(p for p in (pieces[0].removeprefix("▁"), *pieces[1:]) if p)
        if inner and inner != pieces:
            forms.append(inner)
        if model.vocabulary is not None:
            known = model.vocabulary.__contains__
        else:  # no vocabulary file: trust the tokenizer's own unknown id
            unk = model.tokenizer.unk_id()
            known = lambda piece: model.tokenizer.piece_to_id(piece) != unk  # noqa: E731
        spellable = tuple(form for form in forms if all(known(p) for p in form))
        if not spellable and (model.path, text) not in _skipped_terms:
            _skipped_terms.add((model.path, text))
            unknown = sorted({p for p in pieces if not known(p)})
            logger.warning(
                "Forbidden term %r cannot be spelled by the model in %s (unknown pieces %s); "
                "it is not suppressed during decoding, the output check still flags it.",
                text,
                model.path.name,
                ", ".join(unknown),
            )
        return spellable

    def _suppress(self, model: _Model, avoid: Sequence[str]) -> list[list[str]] | None:
        sequences: list[list[str]] = []
        cache = model.suppress_cache
        for text in avoid:
            encoded = cache.get(text)
            if encoded is None:
                if len(cache) >= SUPPRESS_CACHE_SIZE:
                    cache.clear()
                encoded = cache[text] = self._encode_forbidden(model, text)
            sequences.extend(list(form) for form in encoded)
        return sequences or None

    def _run(self, model: _Model, sentences: list[str], avoid: Sequence[str] = ()) -> list[str]:
        if not sentences:
            return []
        try:
            tokens = [model.tokenizer.encode(s.strip(), out_type=str) for s in sentences]
            prefix = [[model.target_prefix]] * len(tokens) if model.target_prefix else None
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
        except Exception as exc:
            raise classify_error(exc) from exc
        out = []
        for source_tokens, result in zip(tokens, results, strict=True):
            if not source_tokens:
                out.append("")
                continue
            pieces = result.hypotheses[0]
            # Decoding that used the whole budget stopped there: the sentence may be cut.
            truncated = len(pieces) >= settings.MT_MAX_DECODING_LENGTH
            if model.target_prefix and pieces[:1] == [model.target_prefix]:
                pieces = pieces[1:]
            text = model.tokenizer.decode_pieces(pieces).replace("▁", " ").strip()
            out.append(MTText(text, truncated=truncated))
        return out
