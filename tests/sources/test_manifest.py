"""The source manifest: every source declared once, and the data stamp read from it."""

from __future__ import annotations

from analysis.sources.manifest import data_vintage, load_manifest


def test_data_stamp_comes_from_the_sources_in_manifest_order():
    assert data_vintage() == "pobreza 2023 · censo 2018 · A2SIT ≈2018–2023 · ENCOVI 2014"
    assert data_vintage(language="en") == (
        "poverty 2023 · census 2018 · A2SIT ≈2018–2023 · ENCOVI 2014"
    )


def test_vintage_is_optional_and_english_falls_back_to_spanish(tmp_path):
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        "\n".join(
            f'[[source]]\nid = "{name}"\npublisher = "P"\ntitle = "T"\nlicence = "L"\n'
            f'year = "2020"\nrepository = "o/r"\ncommit = "c"\n{extra}file = []\n'
            for name, extra in (
                ("con_sello", 'vintage = "encuesta 2020"\n'),
                ("sin_sello", ""),
                ("bilingue", 'vintage = "censo 2018"\nvintage_en = "census 2018"\n'),
            )
        ),
        encoding="utf-8",
    )
    sources = load_manifest(manifest)
    assert data_vintage(sources) == "encuesta 2020 · censo 2018"
    assert data_vintage(sources, "en") == "encuesta 2020 · census 2018"
    assert data_vintage([]) == ""
