"""The real Argos path on generated tiny packages: install, list, translate, pivot."""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsapp.mt import argos, registry
from newsapp.mt.argos import engine as argos_engine_module
from newsapp.mt.argos import packs
from newsapp.mt.argos.engine import _Model
from newsapp.mt.base import MTPermanentError, UnsupportedPairError
from tests.argos_packages import build_package

SENTENCES = [
    "The United States urged North Korea to cease its provocations.",
    "Pentagon Press Secretary John Kirby spoke.",
    "",
    "China has influence over Pyongyang.",
]


def test_installed_pairs_include_pivot(argos_engine: None) -> None:
    engine = argos.ArgosEngine()
    direct = {(p.source, p.target) for p in argos.installed_packages()}
    assert {("en", "ko"), ("ko", "en"), ("en", "ja")} <= direct
    assert ("ko", "ja") in engine.available_pairs()
    assert ("ja", "ko") not in engine.available_pairs()


def test_translate_batch_shape(argos_engine: None) -> None:
    out = argos.ArgosEngine().translate_batch(SENTENCES, "en", "ko")
    assert len(out) == len(SENTENCES)
    assert out[2] == ""
    assert all(isinstance(s, str) and s for i, s in enumerate(out) if i != 2)
    assert out == argos.ArgosEngine().translate_batch(SENTENCES, "en", "ko")  # deterministic


def test_pivot_runs_both_models(argos_engine: None, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = argos.ArgosEngine()
    hops: list[tuple[str, str]] = []
    real_run = engine._run

    def spy(model: _Model, sentences: list[str], avoid: tuple[str, ...] = ()) -> list[str]:
        hops.append(next((i.source, i.target) for i in argos.installed_packages()
                         if argos_engine_module._loaded.get(i.path) is model))  # fmt: skip
        return real_run(model, sentences, avoid)

    monkeypatch.setattr(engine, "_run", spy)
    out = engine.translate_batch(["평양은 말했다."], "ko", "ja")
    assert hops == [("ko", "en"), ("en", "ja")]
    assert len(out) == 1


def test_unsupported_pair_names_the_fix(argos_engine: None) -> None:
    with pytest.raises(UnsupportedPairError, match="langpacks install ja ko"):
        argos.ArgosEngine().translate_batch(["x"], "ja", "ko")


def test_translation_never_touches_the_network(
    argos_engine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    argos.forget_models()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during translation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert len(argos.ArgosEngine().translate_batch(SENTENCES, "en", "ko")) == len(SENTENCES)


def test_one_translator_per_direction_is_cached(argos_engine: None) -> None:
    engine = argos.ArgosEngine()
    engine.translate_batch(["a."], "en", "ko")
    loaded = dict(argos_engine_module._loaded)
    engine.translate_batch(["b."], "en", "ko")
    assert argos_engine_module._loaded == loaded


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        ("flat", "one top-level folder"),
        ("no_metadata", "no .*metadata.json"),
        ("not_zip", "not a zip archive"),
    ],
)
def test_bad_archives_are_refused(tmp_path: Path, mutate: str, message: str) -> None:
    path = tmp_path / "bad.argosmodel"
    if mutate == "not_zip":
        path.write_text("hello")
    else:
        with zipfile.ZipFile(path, "w") as zf:
            if mutate == "flat":
                zf.writestr("metadata.json", json.dumps({"from_code": "en", "to_code": "ko"}))
            else:
                zf.writestr("pkg/model/model.bin", b"")
    with pytest.raises(MTPermanentError, match=message):
        argos.validate_archive(path)


def test_langpacks_command_install_list_remove(
    argos_engine: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = build_package(tmp_path, "en", "de", seed=5)
    call_command("langpacks", "install", "--file", str(archive))
    call_command("langpacks", "list")
    assert "en -> de\targos" in capsys.readouterr().out
    registry.reset()
    call_command("langpacks", "remove", "en", "de")
    assert ("en", "de") not in argos.ArgosEngine().available_pairs()


def test_langpacks_install_offline_says_how(
    argos_engine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(*args: object, **kwargs: object) -> None:
        raise OSError("Network is unreachable")

    monkeypatch.setattr(packs._opener, "open", offline)
    with pytest.raises(CommandError, match=r"langpacks install --file PATH\.argosmodel"):
        call_command("langpacks", "install", "en", "ko")


def test_avoid_steers_ctranslate2_away_from_a_sequence(argos_engine: None) -> None:
    """suppress_sequences, measured on the tiny model: the most frequent two-character string
    of its output disappears when passed in ``avoid``."""
    from collections import Counter

    engine = argos.ArgosEngine()
    sentences = [s for s in SENTENCES if s] * 3 + ["Seoul and Tokyo spoke.", "Kirby left."]
    before = engine.translate_batch(sentences, "en", "ko")
    pairs = Counter(
        t[i : i + 2] for t in before for i in range(len(t) - 1) if " " not in t[i : i + 2]
    )
    forbidden, count = pairs.most_common(1)[0]
    assert count >= 3, forbidden
    after = engine.translate_batch(sentences, "en", "ko", avoid=[forbidden])
    assert sum(t.count(forbidden) for t in after) < count
    assert len(after) == len(sentences)
