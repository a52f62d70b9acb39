"""Real English and Korean text found on this machine, and a SentencePiece model trained on it.

Benchmarks need realistic token counts: the tiny test tokenizer gives 4.6 tokens per English
word, a real Argos model about 1.3. No corpus can be downloaded, so we gather text that Debian
packages ship: Korean message catalogues (read with ``msgunfmt``), English WordNet glosses,
fortunes and package documentation. Built once, then cached in the folder the caller gives.
"""

from __future__ import annotations

import ast
import gzip
import json
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

#: Debian packages that supply the text (gettext for msgunfmt); scripts/system-deps.sh test.
SYSTEM_PACKAGES = ("gettext", "wordnet-base", "fortunes")
VERSION = 3
MIN_KOREAN_BYTES = 300_000
MIN_ENGLISH_BYTES = 1_000_000
DOCS_CAP_BYTES = 4_000_000

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_MSGSTR = re.compile(rb'^msgstr(?:\[\d+\])? "(.*)"\n((?:".*"\n)*)', re.MULTILINE)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_-]+)")
_DOC_NAME = re.compile(r"(readme|news|faq|\.txt|\.md|\.rst)", re.IGNORECASE)


@dataclass(frozen=True)
class CorpusStats:
    path: str
    korean_bytes: int
    english_bytes: int
    sources: dict[str, int]

    @property
    def total_bytes(self) -> int:
        return self.korean_bytes + self.english_bytes


def _catalogues() -> list[Path]:
    roots = [Path("/usr/share/locale/ko/LC_MESSAGES"), Path("/usr/share/locale/ko_KR/LC_MESSAGES")]
    found = [mo for root in roots if root.is_dir() for mo in sorted(root.glob("*.mo"))]
    found += sorted(Path("/usr/share/vim").glob("vim*/lang/ko.UTF-8/LC_MESSAGES/*.mo"))
    return found


def _unescape(value: str) -> str:
    try:
        return str(ast.literal_eval(f'"{value}"'))
    except (ValueError, SyntaxError):
        return value.replace("\\n", "\n").replace('\\"', '"')


def korean_lines() -> Iterator[str]:
    """Korean translations (msgstr) of the installed message catalogues."""
    msgunfmt = shutil.which("msgunfmt")
    if msgunfmt is None:
        return
    for catalogue in _catalogues():
        result = subprocess.run(
            [msgunfmt, "--no-wrap", str(catalogue)], capture_output=True, timeout=60, check=False
        )
        charset = _CHARSET.search(result.stdout)
        encoding = charset.group(1).decode() if charset else "utf-8"
        for match in _MSGSTR.finditer(result.stdout):
            # A msgstr continues on the following lines that hold only a quoted string.
            pieces = [match.group(1), *re.findall(rb'^"(.*)"$', match.group(2), re.MULTILINE)]
            try:
                text = "".join(_unescape(p.decode(encoding, "replace")) for p in pieces)
            except LookupError:
                continue
            for line in text.splitlines():
                line = line.strip()
                if len(_HANGUL.findall(line)) >= 2:
                    yield line


def wordnet_lines(root: Path = Path("/usr/share/wordnet")) -> Iterator[str]:
    """Definitions and example sentences of WordNet (general English)."""
    for name in ("data.noun", "data.verb", "data.adj", "data.adv"):
        path = root / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue  # the licence header
            for part in line.split("|", 1)[1].split(";"):
                part = part.strip().strip('"').strip()
                if len(part.split()) >= 4:
                    yield part


def fortune_lines(root: Path = Path("/usr/share/games/fortunes")) -> Iterator[str]:
    if not root.is_dir():
        return
    for path in sorted(root.iterdir()):
        if not path.is_file() or path.suffix in (".dat", ".u8") or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for quote in text.split("\n%\n"):
            quote = " ".join(quote.split())
            if len(quote.split()) >= 6 and quote.isascii():
                yield quote


def documentation_lines(root: Path = Path("/usr/share/doc")) -> Iterator[str]:
    """Prose paragraphs of the READMEs, NEWS and text files packages ship."""
    size = 0
    for path in sorted(root.rglob("*")):
        name = path.name.lower()
        if (
            not path.is_file()
            or path.is_symlink()
            or name.startswith(("changelog", "copyright"))
            or not _DOC_NAME.search(name)
        ):
            continue
        try:
            data = path.read_bytes()
            text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
        except (OSError, ValueError, EOFError):
            continue
        for paragraph in re.split(r"\n\s*\n", text):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) < 8 or not paragraph.isascii():
                continue
            prose = sum(c.isalpha() or c in " ,.;:'\"()-" for c in paragraph)
            if prose / len(paragraph) > 0.92:
                yield paragraph
                size += len(paragraph)
                if size > DOCS_CAP_BYTES:
                    return


def build_corpus(cache_dir: Path) -> CorpusStats:
    """Write ``corpus-v1.txt`` (one line per sentence or paragraph) unless it is cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    text_path = cache_dir / f"corpus-v{VERSION}.txt"
    stats_path = cache_dir / f"corpus-v{VERSION}.json"
    if text_path.is_file() and stats_path.is_file():
        return CorpusStats(**json.loads(stats_path.read_text(encoding="utf-8")))
    sources = {
        "Korean message catalogues": list(dict.fromkeys(korean_lines())),
        "WordNet glosses": list(wordnet_lines()),
        "fortunes": list(fortune_lines()),
        "package documentation": list(documentation_lines()),
    }
    sizes = {name: sum(len(line.encode()) + 1 for line in lines) for name, lines in sources.items()}
    korean = sizes["Korean message catalogues"]
    english = sum(sizes.values()) - korean
    if korean < MIN_KOREAN_BYTES or english < MIN_ENGLISH_BYTES:
        raise RuntimeError(
            f"Not enough real text on this machine for a realistic tokenizer (Korean "
            f"{korean:,} bytes, need {MIN_KOREAN_BYTES:,}; English {english:,}, need "
            f"{MIN_ENGLISH_BYTES:,}). Install the Debian packages {' '.join(SYSTEM_PACKAGES)} "
            "and some that ship Korean translations (coreutils, bash, git, libc-l10n)."
        )
    lines = [line for chunk in sources.values() for line in chunk]
    random.Random(VERSION).shuffle(lines)  # noqa: S311 - mixing sources, not security
    partial = text_path.with_suffix(".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(text_path)
    stats = CorpusStats(str(text_path), korean, english, sizes)
    stats_path.write_text(json.dumps(asdict(stats)), encoding="utf-8")
    return stats


def train_tokenizer(cache_dir: Path, vocab_size: int = 32_000) -> tuple[Path, CorpusStats]:
    """A unigram SentencePiece model trained on :func:`build_corpus`; cached."""
    import sentencepiece as spm

    stats = build_corpus(cache_dir)
    model = cache_dir / f"sentencepiece-{vocab_size}-v{VERSION}.model"
    if not model.is_file():
        prefix = cache_dir / f"training-{vocab_size}"
        spm.SentencePieceTrainer.train(
            input=stats.path,
            model_prefix=str(prefix),
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,  # the Korean share is small: keep every syllable seen
            input_sentence_size=2_000_000,
            shuffle_input_sentence=True,
            hard_vocab_limit=False,
            user_defined_symbols=["⟦", "⟧"],
            bos_id=-1,
            eos_id=-1,
            unk_id=0,
            pad_id=-1,
            minloglevel=2,
        )
        prefix.with_suffix(".vocab").unlink(missing_ok=True)
        prefix.with_suffix(".model").replace(model)
    return model, stats


def tokens_per_word(model_file: Path, sentences: list[str]) -> float:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(model_file))
    tokens = sum(len(processor.encode(s.strip())) for s in sentences)
    words = sum(len(s.split()) for s in sentences)
    return tokens / max(words, 1)
