"""Language-pack archives: attacks are refused before anything is written, and one broken
package in the folder never breaks the listing (security issue, item 5)."""

from __future__ import annotations

import json
import logging
import os
import zipfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsapp.mt import argos, registry
from newsapp.mt.argos.packs import STAMP
from newsapp.mt.base import MTPermanentError
from tests.argos_packages import build_package

GOOD_METADATA = {"from_code": "en", "to_code": "de", "type": "translate", "package_version": "1"}


@pytest.fixture(scope="module")
def tiny_en_de(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("build"), "en", "de", seed=3)


@pytest.fixture
def packs_dir(tmp_path: Path, settings: object) -> Iterator[Path]:
    """A private packages folder inside ``tmp_path/area``; everything else in tmp_path is ours."""
    folder = tmp_path / "area" / "packages"
    folder.mkdir(parents=True)
    settings.ARGOS_PACKAGES_DIR = str(folder)  # type: ignore[attr-defined]
    settings.MT_ENGINES = ["argos"]  # type: ignore[attr-defined]
    registry.reset()
    yield folder
    registry.reset()
    argos.forget_models()


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return path


def _package_members(top: str, metadata: dict[str, object]) -> dict[str, bytes | str]:
    return {
        f"{top}/metadata.json": json.dumps(metadata),
        f"{top}/sentencepiece.model": b"spm",
        f"{top}/model/model.bin": b"weights",
        f"{top}/model/config.json": "{}",
    }


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


ATTACKS: dict[str, tuple[dict[str, bytes | str], str]] = {
    "top folder ..": (_package_members("..", GOOD_METADATA), r"'\.\./metadata\.json'.*'\.\.'"),
    "top folder .": (_package_members(".", GOOD_METADATA), r"'\./metadata\.json'.*'\.'"),
    "absolute path": (_package_members("/tmp/evil", GOOD_METADATA), "absolute"),
    "empty top folder": (_package_members("", GOOD_METADATA), "empty"),
    "dot-dot inside": (
        {**_package_members("pkg", GOOD_METADATA), "pkg/../../escape.txt": "x"},
        r"'pkg/\.\./\.\./escape\.txt'",
    ),
    "backslashes": (
        {**_package_members("pkg", GOOD_METADATA), "pkg\\..\\..\\escape.txt": "x"},
        "not a plain relative path",
    ),
    "code ../../x<script>": (
        _package_members("pkg", {**GOOD_METADATA, "from_code": "../../x<script>"}),
        r"from_code '\.\./\.\./x<script>' is not a language code",
    ),
    "code with a shell command": (
        _package_members("pkg", {**GOOD_METADATA, "to_code": "en; rm -rf /"}),
        r"to_code 'en; rm -rf /' is not a language code",
    ),
    "hidden top folder": (_package_members(".hidden", GOOD_METADATA), "not a plain folder"),
    "two top folders": (
        {**_package_members("a", GOOD_METADATA), "b/x.txt": "x"},
        "exactly one top-level folder",
    ),
    "metadata not an object": (
        {**_package_members("pkg", GOOD_METADATA), "pkg/metadata.json": "[1, 2]"},
        "not a JSON object",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS.keys())
def test_attack_archives_are_refused_and_write_nothing(
    packs_dir: Path, tmp_path: Path, attack: str
) -> None:
    members, message = ATTACKS[attack]
    archive = _zip(tmp_path / "attack.argosmodel", members)
    before = _tree(tmp_path)
    with pytest.raises(MTPermanentError, match=message) as caught:
        argos.install_from_file(archive)
    assert str(caught.value).startswith("attack.argosmodel: ")
    assert _tree(tmp_path) == before  # nothing in the packs folder, nothing next to it
    assert argos.installed_packages() == []


def test_zip_bomb_is_refused_by_ratio(packs_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _package_members("pkg", GOOD_METADATA).items():
            if not name.endswith("model.bin"):
                zf.writestr(name, data)
        info = zipfile.ZipInfo("pkg/model/model.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            zeros = bytes(1 << 20)
            for _ in range(300):  # 300 MB of zeros
                out.write(zeros)
    size = archive.stat().st_size
    assert size < 1 << 20  # a few hundred KB
    before = _tree(tmp_path)
    with pytest.raises(MTPermanentError, match=r"300\.0 MB from \d+ KB, a compression ratio"):
        argos.install_from_file(archive)
    assert _tree(tmp_path) == before


def test_extracted_size_is_capped(packs_dir: Path, tmp_path: Path, settings: object) -> None:
    settings.ARGOS_MAX_EXTRACTED_MB = 1  # type: ignore[attr-defined]
    members = _package_members("pkg", GOOD_METADATA)
    members["pkg/model/model.bin"] = os.urandom(3 << 19)  # 1.5 MB, incompressible
    archive = _zip(tmp_path / "big.argosmodel", members)
    with pytest.raises(MTPermanentError, match=r"over the limit of 1 MB"):
        argos.install_from_file(archive)
    assert _tree(packs_dir) == set()


def test_real_package_installs_through_staging(packs_dir: Path, tiny_en_de: Path) -> None:
    info = argos.install_from_file(tiny_en_de)
    assert (info.source, info.target, info.path.parent) == ("en", "de", packs_dir)
    # No staging left; only the stamp other processes watch (packs.version).
    assert sorted(p.name for p in packs_dir.iterdir()) == [STAMP, info.path.name]
    # Reinstalling replaces the package in place.
    again = argos.install_from_file(tiny_en_de)
    assert again.path == info.path
    assert sorted(p.name for p in packs_dir.iterdir()) == [STAMP, info.path.name]
    assert argos.ArgosEngine().translate_batch(["Seoul spoke."], "en", "de")[0]


def test_planted_bad_packages_do_not_break_the_listing(
    packs_dir: Path, tiny_en_de: Path, caplog: pytest.LogCaptureFixture
) -> None:
    argos.install_from_file(tiny_en_de)
    # What the old `..` extraction left behind, and other broken or hostile folders.
    (packs_dir / "model").mkdir()
    (packs_dir / "model" / "model.bin").write_bytes(b"x")
    (packs_dir / "metadata.json").write_text(json.dumps(GOOD_METADATA))
    (packs_dir / "broken").mkdir()
    (packs_dir / "broken" / "metadata.json").write_text("{not json")
    evil = packs_dir / "evil"
    (evil / "model").mkdir(parents=True)
    (evil / "sentencepiece.model").write_bytes(b"x")
    (evil / "metadata.json").write_text(
        json.dumps({**GOOD_METADATA, "from_code": "../../x<script>", "to_code": "en; rm -rf /"})
    )
    (packs_dir / "incomplete").mkdir()
    (packs_dir / "incomplete" / "metadata.json").write_text(json.dumps(GOOD_METADATA))

    with caplog.at_level(logging.WARNING):
        listed = argos.installed_packages()
        argos.installed_packages()
    assert [(p.source, p.target) for p in listed] == [("en", "de")]
    assert registry.available_pairs()[0].source == "en"
    skipped = [r.getMessage() for r in caplog.records if "Skipping" in r.getMessage()]
    assert len(skipped) == 5  # each broken entry once, though listed twice
    assert any("'../../x<script>' is not a language code" in m for m in skipped)

    out, err = StringIO(), StringIO()
    call_command("langpacks", "list", stdout=out, stderr=err)
    assert out.getvalue().splitlines() == ["en -> de\targos"]
    assert "Skipped 'broken'" in err.getvalue()
    assert "Skipped 'model' in the packs folder: no metadata.json" in err.getvalue()
    assert "x<script>" not in out.getvalue()


def test_langpacks_install_file_refuses_with_a_clear_message(
    packs_dir: Path, tmp_path: Path
) -> None:
    members, _ = ATTACKS["top folder .."]
    archive = _zip(tmp_path / "evil.argosmodel", members)
    with pytest.raises(CommandError, match=r"evil\.argosmodel: the entry '\.\./metadata\.json'"):
        call_command("langpacks", "install", "--file", str(archive))


def test_langpacks_install_refuses_bad_codes(packs_dir: Path) -> None:
    with pytest.raises(CommandError, match="is not a language code"):
        call_command("langpacks", "install", "en", "../../x")
