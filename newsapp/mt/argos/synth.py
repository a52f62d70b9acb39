"""Generated Argos packages: a SentencePiece model and a random-weight CTranslate2 Transformer.

No model weights can be downloaded on build machines, so tests, benchmarks and ``mt_bench``
(when no package is installed) build their own ``.argosmodel`` files, zipped with
``metadata.json`` under one top-level folder. The output is meaningless; the loading and
inference path is real. ``REAL_EN_KO`` has the shape of the real en↔ko models; pass a
tokenizer trained on real text (:mod:`newsapp.mt.argos.corpus`) for realistic token counts.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import common_spec, model_spec, transformer_spec

CORPUS = """\
The United States urged North Korea on Tuesday to cease its provocations.
Pentagon Press Secretary John Kirby told reporters that Pyongyang must stop.
The UN Security Council will meet to discuss the missile launch.
China has influence over North Korea and should use it, he said.
President Joe Biden spoke with allies in Seoul and Tokyo about sanctions.
미국은 화요일 북한에 도발을 중단하라고 촉구했다.
존 커비 국방부 대변인은 평양이 멈춰야 한다고 기자들에게 말했다.
유엔 안전보장이사회는 미사일 발사를 논의하기 위해 회의를 열 것이다.
중국은 북한에 영향력이 있으며 이를 사용해야 한다고 그는 말했다.
조 바이든 대통령은 서울과 도쿄의 동맹국들과 제재에 대해 이야기했다.
米国は火曜日、北朝鮮に挑発をやめるよう求めた。
国防総省のカービー報道官は記者団に平壌は止めるべきだと述べた。
国連安全保障理事会はミサイル発射について協議する。
0123456789 ⟦⟧ [] () . , ! ? " ' : ; - _ / % $ #
"""


@dataclass(frozen=True)
class ModelShape:
    """Transformer hyper-parameters. The defaults make a tiny, fast model."""

    layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    #: Model vocabulary size; 0 means exactly the pieces the tokenizer learns.
    vocab_size: int = 0


TINY = ModelShape()
#: The shape of the real Argos en<->ko models (Transformer-base, 32k shared vocabulary).
REAL_EN_KO = ModelShape(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000)


def train_sentencepiece(directory: Path, vocab_size: int, corpus: str = CORPUS) -> list[str]:
    """Train a small SentencePiece model in ``directory``; return its vocabulary."""
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus.splitlines()),
        model_prefix=str(directory / "sentencepiece"),
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        user_defined_symbols=["⟦", "⟧"],
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
    )
    (directory / "sentencepiece.vocab").unlink(missing_ok=True)
    return vocabulary_of(directory / "sentencepiece.model")


def vocabulary_of(model_file: Path) -> list[str]:
    processor = spm.SentencePieceProcessor(model_file=str(model_file))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _fill_random(
    spec: model_spec.LayerSpec, shape: ModelShape, vocab: int, rng: np.random.Generator
) -> None:
    """Give every required weight of ``spec`` a random value of the right shape."""
    d, f = shape.d_model, shape.ffn

    def normal(*dims: int) -> np.ndarray:
        return (rng.standard_normal(dims) * 0.1).astype(np.float32)

    def visit(layer: object, name: str) -> None:
        if isinstance(layer, list):
            for item in layer:
                visit(item, name)
            return
        if isinstance(layer, common_spec.EmbeddingsSpec):
            layer.weight = normal(vocab, d)
        elif isinstance(layer, common_spec.LayerNormSpec):
            layer.gamma = np.ones(d, dtype=np.float32)
            layer.beta = np.zeros(d, dtype=np.float32)
        elif isinstance(layer, transformer_spec.FeedForwardSpec):
            visit(layer.layer_norm, "ln")
            layer.linear_0.weight, layer.linear_0.bias = normal(f, d), normal(f)
            layer.linear_1.weight, layer.linear_1.bias = normal(d, f), normal(d)
            return
        elif isinstance(layer, common_spec.LinearSpec):
            out = vocab if name == "projection" else d
            layer.weight, layer.bias = normal(out, d), normal(out)
            return
        if isinstance(layer, model_spec.LayerSpec):
            for child_name, child in list(vars(layer).items()):
                if child_name.startswith("_"):
                    continue
                if child_name == "linear" and isinstance(child, list):
                    # Attention: a fused QKV (or Q + fused KV) projection, then the output.
                    for i, linear in enumerate(child):
                        rows = d
                        if i < len(child) - 1:
                            rows = 3 * d if len(child) == 2 else (d if i == 0 else 2 * d)
                        linear.weight, linear.bias = normal(rows, d), normal(rows)
                    continue
                visit(child, child_name)

    visit(spec, "")


def build_model(
    directory: Path, vocabulary: list[str], shape: ModelShape = TINY, seed: int = 0
) -> None:
    """Write a random-weight CTranslate2 Transformer into ``directory`` (created if missing)."""
    spec = transformer_spec.TransformerSpec.from_config(shape.layers, shape.heads)
    _fill_random(spec, shape, len(vocabulary), np.random.default_rng(seed))
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize("int8")
    directory.mkdir(parents=True, exist_ok=True)
    spec.save(str(directory))


def write_package(
    root: Path,
    source: str,
    target: str,
    *,
    shape: ModelShape = TINY,
    seed: int = 0,
    target_prefix: str = "",
    tokenizer: Path | None = None,
) -> Path:
    """Write an unpacked package (metadata.json, sentencepiece.model, model/) into ``root``.

    ``tokenizer``: a trained ``sentencepiece.model`` to ship instead of training a tiny one.
    """
    root.mkdir(parents=True, exist_ok=True)
    if tokenizer is None:
        vocabulary = train_sentencepiece(root, 400)
    else:
        shutil.copyfile(tokenizer, root / "sentencepiece.model")
        vocabulary = vocabulary_of(root / "sentencepiece.model")
    if shape.vocab_size > len(vocabulary):
        # A real-shape model has a full-size vocabulary (so embedding and output layers
        # cost what they cost in production); pieces the tokenizer never produces are
        # simply unused.
        vocabulary += [f"<unused{i}>" for i in range(shape.vocab_size - len(vocabulary))]
    build_model(root / "model", vocabulary, shape, seed)
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.12",
        "from_code": source,
        "from_name": source,
        "to_code": target,
        "to_name": target,
        "type": "translate",
        "target_prefix": target_prefix,
    }
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return root


def build_package(
    out_dir: Path,
    source: str,
    target: str,
    *,
    shape: ModelShape = TINY,
    seed: int = 0,
    target_prefix: str = "",
    tokenizer: Path | None = None,
) -> Path:
    """Build ``translate-<source>_<target>.argosmodel`` in ``out_dir`` and return its path."""
    name = f"translate-{source}_{target}-0_1"
    with tempfile.TemporaryDirectory() as tmp:
        root = write_package(
            Path(tmp) / name,
            source,
            target,
            shape=shape,
            seed=seed,
            target_prefix=target_prefix,
            tokenizer=tokenizer,
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        archive = out_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(Path(tmp)).as_posix())
    return archive
