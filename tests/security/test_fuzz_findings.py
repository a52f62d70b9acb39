"""Each defect the importer fuzzing found (tests/security/test_fuzz_importers.py), with the
input that showed it."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from newsapp.articles import exports
from newsapp.articles.models import Translation
from newsapp.articles.services import pipeline
from newsapp.core.safexml import UnsafeXMLError, xml_check
from newsapp.intake.htmlblocks import blocks_from_html
from newsapp.intake.markdown_format import read_markdown
from newsapp.intake.model import IntakeError
from newsapp.intake.ninjs import read_ninjs
from newsapp.intake.upload import read_upload
from newsapp.mt.argos import packs
from newsapp.mt.base import MTPermanentError
from tests.factories import TranslationFactory
from tests.memory.samples import SAMPLE_TMX
from tests.security.fuzzing import argos_archive, story_docx


@pytest.mark.django_db
def test_xliff_unit_id_of_a_non_ascii_digit_is_a_unit_error(
    fake_engine: object, translator_client: Client
) -> None:
    """'³'.isdigit() is true and int('³') raised ValueError: a 500 on the import page."""
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    data = exports.xliff_export(translation=translation).replace(b'id="1"', 'id="³"'.encode(), 1)
    data = data.replace(b'nd:version="1"', 'nd:version="²"'.encode())
    upload = SimpleUploadedFile("story.ko.xlf", data)
    response = translator_client.post(
        reverse("exports:exchange", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code == 200  # the report, listing the unit's error
    assert "not a segment number from our export" in response.content.decode()


def test_html_of_only_a_comment_has_no_blocks() -> None:
    """lxml raised ParserError("Document is empty") for markup that is only a comment, from
    Markdown's raw HTML and from a ninjs body_html."""
    assert blocks_from_html("<!-- nothing -->") == []
    assert read_markdown(b"# Title\n\n<!-- a note -->\n\nText.\n").blocks
    item = {"uri": "urn:x:1", "headline": "H", "body_html": "<!-- x -->", "body_text": "Text."}
    read_ninjs(json.dumps(item))  # no exception


def _corrupt_deflate() -> bytes:
    data = bytearray(argos_archive())
    meta = data.index(b"metadata.json") + len(b"metadata.json")
    data[meta : meta + 6] = b"\xff\xff\xff\xff\xff\xff"  # the deflate stream of metadata.json
    return bytes(data)


def _unknown_method() -> bytes:
    data = bytearray(argos_archive())
    # Compression method 99 (AES) in every local and central header.
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            data[found + offset : found + offset + 2] = struct.pack("<H", 99)
            start = found + 4
    return bytes(data)


def _encrypted() -> bytes:
    data = bytearray(argos_archive())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            data[found + offset] |= 0x01  # the "encrypted" flag
            start = found + 4
    return bytes(data)


@pytest.mark.parametrize("archive", [_corrupt_deflate, _unknown_method, _encrypted])
def test_damaged_argos_archives_are_refused_with_a_message(
    archive: object, tmp_path: Path, settings: object
) -> None:
    """zlib.error, NotImplementedError and RuntimeError escaped the installer."""
    settings.ARGOS_PACKAGES_DIR = str(tmp_path / "packages")  # type: ignore[attr-defined]
    path = tmp_path / "x.argosmodel"
    path.write_bytes(archive())  # type: ignore[operator]
    assert zipfile.is_zipfile(io.BytesIO(path.read_bytes()))
    with pytest.raises(MTPermanentError, match=r"x\.argosmodel"):
        packs.install_from_file(path)
    assert packs.installed_packages() == []


@pytest.mark.parametrize("encoding", ["UTF-I", "shift_jis", "rot13", "idna"])
def test_an_unreadable_declared_encoding_is_refused_with_a_message(encoding: str) -> None:
    """expat raised LookupError (unknown encoding) or ValueError (multi-byte encodings):
    a 500 on the TMX, XLIFF and TBX imports."""
    data = f'<?xml version="1.0" encoding="{encoding}"?><tmx version="1.4"/>'.encode()
    with pytest.raises(UnsafeXMLError, match="Save it as UTF-8"):
        xml_check(data)


@pytest.mark.django_db
def test_the_tmx_page_reports_an_unknown_encoding(editor_client: Client) -> None:
    data = SAMPLE_TMX.replace(b'encoding="UTF-8"', b'encoding="UTF-I"')
    assert data != SAMPLE_TMX
    response = editor_client.post(
        reverse("memory:import"), {"file": SimpleUploadedFile("m.tmx", data)}, follow=True
    )
    assert response.status_code < 500
    assert "Save it as UTF-8" in response.content.decode()


def test_a_docx_with_damaged_compressed_data_is_refused_with_a_message() -> None:
    """zlib.error escaped read_docx (from python-docx opening the package)."""
    data = bytearray(story_docx())
    at = data.index(b"word/document.xml") + len(b"word/document.xml")
    data[at : at + 8] = b"\xff" * 8  # the start of document.xml's deflate stream
    with pytest.raises(IntakeError, match="damaged"):
        read_upload("story.docx", bytes(data))


def test_a_web_page_holding_a_non_character_is_read() -> None:
    """U+FFFE in a page's text: trafilatura set it on an lxml element, which raised
    ValueError ("All strings must be XML compatible") out of read_html."""
    document = read_upload("page.html", "}\n\ng\n\n\ufffe".encode())
    assert all("\ufffe" not in block.text for block in document.blocks)
