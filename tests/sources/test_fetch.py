"""``raices fetch``: mirror copies verified by sha256, never a good file replaced by a bad one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import RaicesError
from analysis.sources.fetch import fetch, sha256_of
from analysis.sources.manifest import load_manifest


def _declared() -> list:
    return [file for source in load_manifest() for file in source.files]


def _mirror_with_one_bad_file(tmp_path: Path, real_mirror: Path, bad: str) -> Path:
    mirror = tmp_path / "mirror"
    for declared in _declared():
        target = mirror / declared.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if declared.path == bad:
            target.write_bytes(b"not the published file")
        else:
            os.symlink(real_mirror / declared.path, target)
    return mirror


def test_manifest_declares_every_mirrored_file(mirror):
    declared = {file.path for file in _declared()}
    on_disk = {str(p.relative_to(mirror)) for p in mirror.rglob("*") if p.is_file()}
    assert declared == on_disk
    for file in _declared():
        assert file.url.startswith("https://raw.githubusercontent.com/")
        assert len(file.sha256) == 64


def test_fetch_copies_then_recognises_present_files(tmp_path, mirror):
    first = fetch(mirror=mirror, raw=tmp_path / "raw", download=False)
    assert {o.status for o in first} == {"mirror"}
    second = fetch(mirror=mirror, raw=tmp_path / "raw", download=False)
    assert {o.status for o in second} == {"present"}
    for declared in _declared():
        assert sha256_of(tmp_path / "raw" / declared.path) == declared.sha256


def test_bad_mirror_copy_is_refused_and_good_file_kept(tmp_path, mirror):
    real = mirror
    bad = "unhcr_a2sit/A2SIT_data_input_template_GTM.xlsx"
    bad_mirror = _mirror_with_one_bad_file(tmp_path, real, bad)
    raw = tmp_path / "raw"
    with pytest.raises(RaicesError) as error:
        fetch(mirror=bad_mirror, raw=raw, download=False)
    assert bad in str(error.value) and "sha256" in str(error.value)
    assert not (raw / bad).exists()
    # with a good local copy already in place, the bad mirror copy never replaces it
    (raw / bad).write_bytes((real / bad).read_bytes())
    outcomes = {o.path: o.status for o in fetch(mirror=bad_mirror, raw=raw, download=False)}
    assert outcomes[bad] == "present"
    assert sha256_of(raw / bad) == sha256_of(real / bad)


def test_no_mirror_and_no_network_lists_what_is_missing(tmp_path, capsys):
    code = main(
        [
            "fetch",
            "--mirror",
            str(tmp_path / "nowhere"),
            "--raw",
            str(tmp_path / "raw"),
            "--no-download",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: faltan 20 archivo(s)")
    assert "segeplan_pobreza_2023/resultados.xlsx" in err and "Traceback" not in err
