"""MT_DEVICE: the device choice logic. No GPU on the build machines, so the CUDA path is
covered by the choice and the arguments passed to CTranslate2, not by running on a GPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsapp.mt import argos
from newsapp.mt.argos import engine as engine_module
from newsapp.mt.argos.device import DeviceChoice, choose_device
from newsapp.mt.base import MTPermanentError


@pytest.mark.parametrize(
    ("requested", "devices", "compute", "expected"),
    [
        ("auto", 0, "", DeviceChoice("cpu", "int8")),
        ("auto", 1, "", DeviceChoice("cuda", "int8_float16")),
        ("AUTO ", 2, "", DeviceChoice("cuda", "int8_float16")),
        ("cpu", 4, "", DeviceChoice("cpu", "int8")),
        ("cuda", 1, "", DeviceChoice("cuda", "int8_float16")),
        ("cuda", 1, "float16", DeviceChoice("cuda", "float16")),
        ("auto", 0, "float32", DeviceChoice("cpu", "float32")),
    ],
)
def test_choose_device(requested: str, devices: int, compute: str, expected: DeviceChoice) -> None:
    assert choose_device(requested, devices, compute) == expected


def test_cuda_without_a_device_is_a_clear_error() -> None:
    with pytest.raises(MTPermanentError, match="MT_DEVICE=cuda, but CTranslate2 sees no CUDA"):
        choose_device("cuda", 0)


def test_this_machine_runs_on_cpu_with_auto(settings: Any) -> None:
    settings.MT_DEVICE = "auto"
    settings.MT_COMPUTE_TYPE = ""
    count = engine_module.cuda_device_count()
    expected = "cuda" if count else "cpu"
    assert argos.device_choice().device == expected


def test_translator_gets_the_chosen_device(
    argos_engine: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctranslate2

    seen: dict[str, Any] = {}

    class Recording:
        def __init__(self, model_dir: str, **kwargs: Any) -> None:
            seen.update(kwargs, model_dir=model_dir)

    monkeypatch.setattr(ctranslate2, "Translator", Recording)
    monkeypatch.setattr(engine_module, "cuda_device_count", lambda: 1)
    settings.MT_DEVICE = "auto"
    settings.MT_COMPUTE_TYPE = ""
    argos.forget_models()
    info = argos.installed_packages()[0]
    engine_module._load(info)
    argos.forget_models()
    assert (seen["device"], seen["compute_type"]) == ("cuda", "int8_float16")
    assert Path(seen["model_dir"]) == info.path / "model"

    settings.MT_DEVICE = "cuda"
    monkeypatch.setattr(engine_module, "cuda_device_count", lambda: 0)
    with pytest.raises(MTPermanentError, match="sees no CUDA device"):
        argos.ArgosEngine().translate_batch(["Seoul spoke."], "en", "ko")


def test_a_bad_mt_device_fails_at_start_up() -> None:
    env = {**os.environ, "MT_DEVICE": "gpu", "DJANGO_SETTINGS_MODULE": "newsapp.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "MT_DEVICE must be auto, cpu or cuda, got 'gpu'" in result.stderr
