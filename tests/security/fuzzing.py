"""Importer fuzzing, shared by tests/security/test_fuzz_importers.py (CI-sized) and
bench/fuzz_importers.py (long runs).

Each importer gets inputs of three kinds: real valid samples mutated byte- and
structure-wise, inputs generated from the format's structure with arbitrary text in every
slot, and plain random bytes. The check for every input: no unhandled exception (only our
ServiceError / IntakeError / MTPermanentError for a refusal), no 5xx through the views, and no
file written outside the importer's own folder.

``Tally`` counts inputs and failures per importer. In CI a failure raises at once (hypothesis
then shrinks it); a long run (``collect=True``) records it and goes on.
"""

from __future__ import annotations

import csv
import io
import json
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import docx
from hypothesis import strategies as st

#: Bytes that mean something to one of the parsers: markup, quoting, separators, encodings.
TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#1;", b"&#x10FFFF;", b'"', b"'", b",", b";", b"\t", b"|",
    b"{", b"}", b"{case}", b"{reading=}", b"\r", b"\n", b"\r\n", b"\x00", b"\x01", b"\x0b",
    b"\x1b", b"\xef\xbf\xbe", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"]]>",
    b"<![CDATA[", b"<!--", b"-->", b"<!DOCTYPE x [<!ENTITY e 'x'>]>", b"&e;", b"<?xml ",
    b"xml:lang=", b' xml:lang="zz-!!"', b"</", b"/>", b"=", b"'", b"..", b"/", b"\\", b"PK\x03\x04",
    b"id", b"c1", b"99999999999999999999", b"-1", b"0", b"=cmd|' /C calc'!A0", "\u202e".encode(),
]  # fmt: skip


def _mutate(sample: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(sample)
    for kind, position, blob in ops:
        at = position % (len(data) + 1)
        if kind == 0 and data:  # flip bits of one byte
            data[at % len(data)] ^= blob[0] if blob else 0xFF
        elif kind == 1:  # insert random bytes
            data[at:at] = blob
        elif kind == 2:  # delete a run
            del data[at : at + 1 + len(blob) * 8]
        elif kind == 3:  # duplicate a chunk (repeats an element, a row, a zip member)
            data[at:at] = data[at : at + 16 + len(blob) * 16]
        elif kind == 4:  # truncate
            del data[at:]
        else:  # insert a token that means something to a parser
            data[at:at] = TOKENS[(position + len(blob)) % len(TOKENS)]
    return bytes(data)


def mutated(samples: list[bytes]) -> st.SearchStrategy[bytes]:
    ops = st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 1 << 20), st.binary(max_size=8)),
        min_size=1, max_size=8,
    )  # fmt: skip
    return st.builds(_mutate, st.sampled_from(samples), ops)


_TOKEN_TEXTS = [t.decode("utf-8", "replace") for t in TOKENS]


def _text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(max_size=max_size) | st.sampled_from(_TOKEN_TEXTS)


def _xml_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text for an XML slot: escaped (any character), or raw (markup may break)."""
    return st.one_of(_text(max_size).map(escape), _text(max_size))


def inputs(samples: list[bytes], generated: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(samples), generated, st.binary(max_size=600))


# --- Valid samples and structure-aware generators, per format -------------------------------

GLOSSARY_CSV = (
    "id,subject,definition,url,en,en:admitted,ko,ko:forbidden\n"
    ",diplomacy,Principal UN organ for peace,https://un.org/sc,UN Security Council {properNoun},"
    "Security Council,유엔 안전보장이사회 | 유엔 안보리 {short},안전보장위원회\n"
    ",places,Capital of North Korea,,Pyongyang {case properNoun reading=평양},,평양,평향\n"
).encode()

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="c7"><descrip type="subjectField">places</descrip>
<descrip type="definition">Capital of North Korea</descrip>
<xref type="externalCrossReference" target="https://example.org/p">p</xref>
<langSec xml:lang="en"><termSec><term>Pyongyang</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
<termNote type="partOfSpeech">properNoun</termNote></termSec></langSec>
<langSec xml:lang="ko"><termSec><term>평양</term><termNote type="pronunciation">평양</termNote>
</termSec><termSec><term>평향</term>
<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry></body></text></tbx>
""".encode()

TBX_V2 = """<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>
<termEntry id="t1"><descripGrp><descrip type="definition">A city</descrip></descripGrp>
<langSet xml:lang="en"><tig><term>Seoul</term>
<termNote type="normativeAuthorization">preferred</termNote></tig></langSet>
<langSet xml:lang="ko"><ntig><termGrp><term>서울</term></termGrp></ntig></langSet>
</termEntry></body></text></martif>
""".encode()


@st.composite
def glossary_csv(draw: st.DrawFn) -> bytes:
    columns = draw(st.lists(st.sampled_from(
        ["id", "subject", "definition", "url", "en", "ko", "es", "en:admitted", "ko:forbidden",
         "xx:bogus", "EN", "pt-BR", "note"]), min_size=1, max_size=6))  # fmt: skip
    rows = draw(st.lists(st.lists(_text(), min_size=0, max_size=len(columns) + 1), max_size=6))
    out = io.StringIO()
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def glossary_tbx(draw: st.DrawFn) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        wrap = draw(st.integers(0, 4))
        terms = "".join(
            f'<langSec xml:lang="{draw(st.sampled_from(["en", "ko", "es", "", "x!"]))}">'
            f"<termSec><term>{draw(_xml_text())}</term><termNote type="
            f'"{draw(st.sampled_from(["administrativeStatus", "partOfSpeech", "termType", "x"]))}">'
            f"{draw(_xml_text(20))}</termNote></termSec></langSec>"
            for _ in range(draw(st.integers(0, 3)))
        )
        entries.append(
            f'<conceptEntry id="{draw(_xml_text(8))}">' + "<aGrp>" * wrap
            + f'<descrip type="definition">{draw(_xml_text())}</descrip>' + "</aGrp>" * wrap
            + terms + "</conceptEntry>"
        )  # fmt: skip
    root = draw(st.sampled_from(["tbx", "martif", "tmx"]))
    body = f"<{root}><text><body>{''.join(entries)}</body></text></{root}>"
    return body.encode("utf-8", "surrogatepass")


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/><body>
<tu tuid="a"><tuv xml:lang="en-US"><seg>The Council met on Wednesday.</seg></tuv>
<tuv xml:lang="ko-KR"><seg>안보리는 수요일에 회의를 열었다.</seg></tuv></tu>
<tu tuid="b" srclang="en"><tuv xml:lang="en"><seg>It should use it.</seg></tuv>
<tuv xml:lang="ja"><seg>それを使うべきだ。</seg></tuv></tu>
</body></tmx>
""".encode()


@st.composite
def tmx(draw: st.DrawFn) -> bytes:
    units = "".join(
        f'<tu srclang="{draw(st.sampled_from(["en", "*all*", "", "zz-!"]))}">'
        + "".join(
            f'<tuv xml:lang="{draw(st.sampled_from(["en", "ko", "ja", "", "x y"]))}">'
            f"<seg>{draw(_xml_text())}</seg></tuv>"
            for _ in range(draw(st.integers(0, 3)))
        )
        + "</tu>"
        for _ in range(draw(st.integers(0, 4)))
    )
    srclang = draw(st.sampled_from(["en", "*all*", "", "ko-KR"]))
    return (f'<tmx version="1.4"><header srclang="{srclang}"/><body>{units}</body></tmx>'
            ).encode("utf-8", "surrogatepass")  # fmt: skip


@st.composite
def xliff_from(draw: st.DrawFn, sample: bytes) -> bytes:
    """The translation's own export with arbitrary targets, states and ids."""
    text = sample.decode()
    for _ in range(draw(st.integers(1, 4))):
        start = text.find("<target")
        if start < 0:
            break
        end = text.find("</target>", start)
        replacement = (f'<target state="{draw(st.sampled_from(["final", "translated", "x"]))}">'
                       f"{draw(_xml_text(60))}")  # fmt: skip
        text = text[:start] + replacement + text[end if end >= 0 else start :]
    if draw(st.booleans()):
        text = text.replace('id="1"', f'id="{escape(draw(_text(6)))}"', 1)
    return text.encode("utf-8", "surrogatepass")


STORY_TXT = b"North Korea fired a missile.\n\nJohn Kirby said so on Monday.\n"
STORY_MD = b"# Missile\n\nNorth Korea *fired* a [missile](https://x.org).\n\n- one\n- two\n"
STORY_HTML = (
    b"<!doctype html><html><head><title>Missile</title></head><body><article>"
    b"<h1>Missile</h1><p>North Korea fired a missile.</p><p>Kirby said so.</p>"
    b"</article></body></html>"
)
STORY_NINJS = json.dumps({
    "uri": "urn:x:1", "headline": "Missile", "language": "en",
    "body_text": "North Korea fired a missile.\n\nKirby said so.",
}).encode()  # fmt: skip


def story_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Missile", level=1)
    document.add_paragraph("North Korea fired a missile.")
    document.add_paragraph("John Kirby said so on Monday.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@st.composite
def story(draw: st.DrawFn) -> bytes:
    paragraphs = draw(st.lists(_text(80), max_size=5))
    kind = draw(st.sampled_from(["txt", "md", "html"]))
    if kind == "html":
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f"<html><body>{body}</body></html>".encode("utf-8", "surrogatepass")
    return "\n\n".join(paragraphs).encode("utf-8", "surrogatepass")


def argos_archive(top: str = "translate-en_ko-1_0", metadata: dict[str, Any] | None = None,
                  extra: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """A structurally valid ``.argosmodel`` (a zip: one folder, metadata, model, tokenizer)."""
    meta = metadata if metadata is not None else {
        "type": "translate", "from_code": "en", "to_code": "ko", "package_version": "1.0",
    }  # fmt: skip
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate names are a case worth trying
        archive.writestr(f"{top}/metadata.json", json.dumps(meta))
        archive.writestr(f"{top}/model/model.bin", b"\x00" * 64)
        archive.writestr(f"{top}/sentencepiece.model", b"spm" * 20)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@st.composite
def argos_generated(draw: st.DrawFn) -> bytes:
    top = draw(st.sampled_from(["translate-en_ko-1_0", "..", ".", "", "a/b", "x" * 200, "ok"])
               | _text(12))  # fmt: skip
    meta = draw(st.one_of(
        st.fixed_dictionaries({
            "type": st.sampled_from(["translate", "other", ""]),
            "from_code": st.sampled_from(["en", "ko", "../../x<script>", "en; rm -rf /", ""])
            | _text(6),
            "to_code": st.sampled_from(["ko", "pt-BR", ""]) | _text(6),
            "package_version": st.one_of(st.text(max_size=40), st.integers(), st.none()),
        }),
        st.lists(st.integers(), max_size=2),
    ))  # fmt: skip
    names = draw(st.lists(st.sampled_from(
        ["../evil.txt", "/abs.txt", "C:/x", "x\\y", f"{top}/../../up", f"{top}/model/a", "solo"]
    ), max_size=3))  # fmt: skip
    try:
        return argos_archive(top, meta, dict.fromkeys(names, b"x"))  # type: ignore[arg-type]
    except Exception:  # zipfile itself refuses to write some names
        return b"PK\x03\x04broken"


# --- Counting ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Inputs tried and failures, per importer."""

    collect: bool = False
    tried: Counter[str] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def run(self, importer: str, attempt: Callable[[], None], data: bytes = b"") -> None:
        self.tried[importer] += 1
        try:
            attempt()
        except Exception:
            if not self.collect:
                raise
            found = traceback.format_exc(limit=-8) + f"input ({len(data)} bytes): {data[:3000]!r}\n"
            self.failures.setdefault(importer, []).append(found)

    def report(self) -> str:
        lines = [f"{'importer':<18}{'inputs':>8}{'failures':>10}"]
        for importer in sorted(self.tried):
            lines.append(f"{importer:<18}{self.tried[importer]:>8}"
                         f"{len(self.failures.get(importer, [])):>10}")  # fmt: skip
        return "\n".join(lines)
