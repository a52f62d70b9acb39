"""IPTC ninjs in (2.x and 1.x names) and out, validated against the official 2.2 schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newsapp.intake.model import Block, BlockKind, Document, IntakeError
from newsapp.intake.ninjs import body_text, ninjs_json, read_ninjs, write_ninjs
from tests.intake.samples import PENTAGON_HEADLINE, ninjs_item, pentagon_paragraphs

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.2.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, item: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(item)]


def test_the_schema_really_checks_formats_and_unknown_fields(
    validator: Draft202012Validator,
) -> None:
    """Without a format checker "date-time" and "uri" are not checked at all."""
    assert _errors(validator, {"uri": "urn:x:1", "versioncreated": "2023-11-28T00:15:00Z"}) == []
    assert _errors(validator, {"uri": "urn:x:1", "versioncreated": "28 Nov 2023"})
    assert _errors(validator, {"uri": "not a uri"})
    assert _errors(validator, {"uri": "urn:x:1", "headline": "1.x field"})  # not in 2.2
    assert _errors(validator, {"uri": "urn:x:1", "bodies": [{"value": "x", "colour": "red"}]})


def test_the_agency_sample_is_valid_ninjs(validator: Draft202012Validator) -> None:
    assert _errors(validator, ninjs_item()) == []


def test_read_ninjs_2() -> None:
    document = read_ninjs(json.dumps(ninjs_item()).encode("utf-8"))
    assert document.headline == PENTAGON_HEADLINE
    assert document.byline == "By Kim Hyun"
    assert document.language == "en"
    assert document.slug == "NK-missile-US"
    assert document.located == "Washington"  # the item's own, not the dateline's
    assert document.dateline == "WASHINGTON, Nov. 28 (Yonhap) --"
    assert document.versioncreated == datetime(2023, 11, 28, 0, 15, tzinfo=UTC)
    assert document.source_uri == "urn:newsml:yna.co.kr:20231128:AEN20231128000200315"
    # The HTML body is preferred: it has the structure.
    assert [(b.kind, b.plain) for b in document.blocks[2:]] == [
        (BlockKind.HEADING, "Allies"),
        (BlockKind.LIST_ITEM, "South Korea"),
        (BlockKind.LIST_ITEM, "Japan"),
        (BlockKind.QUOTE, pentagon_paragraphs()[2]),
    ]
    assert document.blocks[3 + 1].text == "**Japan**"


def test_read_ninjs_2_plain_body_only() -> None:
    item = ninjs_item()
    item["bodies"] = [b for b in item["bodies"] if b["contenttype"] == "text/plain"]  # type: ignore[attr-defined, index]
    document = read_ninjs(json.dumps(item))
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()[:3]


def test_read_ninjs_1_field_names() -> None:
    item = {
        "uri": "http://ninjs.example.com/newsitems/20130709simp123",
        "type": "text",
        "language": "en",
        "versioncreated": "2013-07-09T10:37:00Z",
        "headline": "Man bites dog",
        "byline": "By Joe Reporter",
        "located": "Gotham",
        "body_text": "A man bit a dog on Tuesday.\n\nThe dog is fine.",
    }
    document = read_ninjs(json.dumps(item))
    assert document.headline == "Man bites dog"
    assert document.byline == "By Joe Reporter"
    assert document.located == "Gotham"
    assert [b.plain for b in document.blocks] == ["A man bit a dog on Tuesday.", "The dog is fine."]
    html = read_ninjs(json.dumps({**item, "body_html": "<p>From <i>HTML</i>.</p>"}))
    assert [b.text for b in html.blocks] == ["From *HTML*."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not an object"),
        (b'{"uri": "urn:x:1", "type": "picture"}', "no headline and no body"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|not valid JSON|not an object"),
    ],
)
def test_bad_ninjs_files(data: bytes, message: str) -> None:
    with pytest.raises(IntakeError, match=message):
        read_ninjs(data)


def _translation() -> Document:
    return Document(
        headline='美 "北, 도발 *중단*해야"',
        byline="By Kim Hyun",
        dateline="(워싱턴=연합뉴스) =",
        language="ko",
        located="WASHINGTON",
        slug="NK-missile-US",
        blocks=(
            Block.paragraph("미국은 28일 북한에 **도발 중단**을 촉구했다."),
            Block.heading("동맹 반응", 2),
            Block.item("한국", ordered=True),
            Block.item("일본", ordered=True),
            Block.quote('"공약은 철통같다"고 말했다.'),
        ),
    )


def test_written_ninjs_is_valid_and_complete(validator: Draft202012Validator) -> None:
    item = write_ninjs(
        _translation(),
        uri="urn:newsdesk:translation:42",
        original_uri="urn:newsml:yna.co.kr:20231128:AEN20231128000200315",
        original_language="en",
        original_headline=PENTAGON_HEADLINE,
        versioncreated=datetime(2023, 11, 28, 10, 0, tzinfo=UTC),
    )
    assert _errors(validator, item) == []
    assert item["language"] == "ko"
    assert item["versioncreated"] == "2023-11-28T10:00:00Z"
    assert item["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": '美 "北, 도발 중단해야"'}
    ]
    plain = next(b for b in item["bodies"] if b["contenttype"] == "text/plain")
    html = next(b for b in item["bodies"] if b["contenttype"] == "text/html")
    assert plain["value"] == (
        "(워싱턴=연합뉴스) = 미국은 28일 북한에 도발 중단을 촉구했다.\n\n"
        "동맹 반응\n\n1. 한국\n2. 일본\n\n"
        '"공약은 철통같다"고 말했다.'
    )
    assert "<strong>도발 중단</strong>" in html["value"]
    assert "<ol>" in html["value"]
    assert item["associations"] == [
        {
            "name": "original",
            "uri": "urn:newsml:yna.co.kr:20231128:AEN20231128000200315",
            "type": "text",
            "language": "en",
            "headlines": [{"role": "main", "value": PENTAGON_HEADLINE}],
        }
    ]
    assert item["by"] == "By Kim Hyun"
    assert item["slugline"] == "NK-missile-US"


def test_ninjs_round_trip_in_and_out(validator: Draft202012Validator) -> None:
    """ninjs in → ninjs out: valid against the schema, and reading it back gives the same story."""
    document = read_ninjs(json.dumps(ninjs_item()))
    out = json.loads(
        ninjs_json(document, uri="urn:newsdesk:translation:7", original_uri=document.source_uri)
    )
    assert _errors(validator, out) == []
    assert out["versioncreated"] == "2023-11-28T00:15:00Z"  # the item's own time, in UTC
    again = read_ninjs(json.dumps(out))
    assert again.headline == document.headline
    assert again.blocks == document.blocks
    assert (again.byline, again.language, again.located, again.slug) == (
        document.byline,
        document.language,
        document.located,
        document.slug,
    )


def test_body_text_numbers_lists_and_indents_nesting() -> None:
    document = Document(
        blocks=(
            Block.item("a", ordered=True),
            Block.item("inner", depth=1),
            Block.item("b", ordered=True),
            Block.paragraph("p"),
            Block.item("again", ordered=True),
        )
    )
    assert body_text(document) == "1. a\n  - inner\n2. b\n\np\n\n1. again"


def test_read_ninjs_1_role_suffixed_fields() -> None:
    """IPTC's own 1.6 example names the fields headline_main, body_main, body_richtext."""
    item = {
        "uri": "http://ninjs.example.com/newsitems/20130709simp123",
        "type": "text",
        "headline_main": "Captain of wrecked cruise ship on trial in Italy",
        "body_main": "GROSSETO, Italy (AP) -- The trial has begun.\n\nHe made no comment.",
        "body_richtext": (
            "<p>GROSSETO, Italy (AP) -- The trial has <em>begun</em>.</p><p>He made no comment.</p>"
        ),
    }
    document = read_ninjs(json.dumps(item))
    assert document.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert document.dateline == "GROSSETO, Italy (AP) --"
    assert [b.text for b in document.blocks] == ["The trial has *begun*.", "He made no comment."]


def test_an_item_without_body_uses_its_description_and_says_so() -> None:
    item = {
        "uri": "urn:8d19cf88",
        "language": "nb-NO",
        "headlines": [{"role": "main", "value": "Google har kjøpt giganttomt i Skien"}],
        "descriptions": [
            {
                "role": "text",
                "contenttype": "text/plain",
                "value": "IT-giganten Google har kjøpt en tomt.",
            }
        ],
    }
    document = read_ninjs(json.dumps(item))
    assert [b.plain for b in document.blocks] == ["IT-giganten Google har kjøpt en tomt."]
    assert document.notes == ("The item has no body: its description was used as the text.",)
