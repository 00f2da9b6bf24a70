"""The bad-input corpus of issue 12, through the command line.

Every case is a generated file (or flag) with the exact bad input. Each asserts the exit
code, a one-line message naming the file, row or column, and that the outputs are
unchanged (the build's files, the ranking CSV, the user layer).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from analysis.cli import main
from analysis.pipeline.build import LOCK_NAME, OUTPUT_FILES, build_lock
from analysis.sources import a2sit, census2018, municipal_finance, ocha, population, poverty_map

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------------- helpers
def _one_line(err: str, *needles: str) -> str:
    """The error printed by the CLI: one line, no traceback, naming every needle."""
    lines = [line for line in err.strip().splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err, err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _snapshot(folder: Path) -> dict[str, str]:
    """Digest of every published output (through the links) and of every other file."""
    digests = {}
    for name in OUTPUT_FILES:
        path = folder / name
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return digests


@pytest.fixture(scope="module")
def raw_mirror(data_root) -> Path:
    return data_root / "raw"


@pytest.fixture(scope="module")
def reference(tmp_path_factory, raw_mirror) -> Path:
    """A complete build in a folder of its own; broken builds must leave it as it is."""
    out = tmp_path_factory.mktemp("corpus") / "processed"
    assert main(["build", "--raw", str(raw_mirror), "--out", str(out)]) == 0
    return out


def _raw_copy(raw_mirror: Path, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(raw_mirror, raw)
    return raw


# ----------------------------------------------------------------------------- source files
def _empty(relative: str):
    def mutate(raw: Path) -> None:
        (raw / relative).write_bytes(b"")

    return mutate


def _population_code(raw: Path) -> None:
    target = raw / population.FILE
    text = target.read_bytes().decode("latin-1")
    lines = text.splitlines()
    cells = lines[3].split(",")
    cells[2] = "dos mil"
    lines[3] = ",".join(cells)
    target.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))


def _ocha_code(raw: Path) -> None:
    import pyogrio

    shapefile = raw / ocha.FILE.replace(".dbf", ".shp")
    frame = pyogrio.read_dataframe(shapefile)
    frame.loc[frame.index[3], "ADM2_PCODE"] = "GTXX01"
    pyogrio.write_dataframe(frame, shapefile)


def _poverty_text(raw: Path) -> None:
    target = raw / poverty_map.FILE
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["tab2_fgt1"]
    header = [cell.value for cell in sheet[1]]
    letter = openpyxl.utils.get_column_letter(header.index("fh_mean") + 1)
    sheet[f"{letter}5"] = "DOG"
    workbook.save(target)


def _census_text(raw: Path) -> None:
    import pyreadstat

    target = raw / census2018.FILE
    frame, _ = pyreadstat.read_dta(str(target), apply_value_formats=False)
    frame["mun_p_asiste"] = frame["mun_p_asiste"].map(lambda v: f"{v:g}")
    frame.loc[7, "mun_p_asiste"] = "DOG"
    pyreadstat.write_dta(frame, str(target))


def _a2sit_deportadas(every: bool):
    def mutate(raw: Path) -> None:
        workbook = openpyxl.load_workbook(raw / a2sit.FILE)
        sheet = workbook["Data"]
        header = [cell.value for cell in sheet[5]]
        column = header.index("Deportadas") + 1
        for row in range(6, 346) if every else (9,):
            sheet.cell(row=row, column=column, value="DOG")
        workbook.save(raw / a2sit.FILE)

    return mutate


SOURCE_CASES = {
    "empty population CSV": (_empty(population.FILE), ["INE_poblacion_municipios.csv"]),
    "empty finance CSV": (_empty(municipal_finance.FILE), ["munis2017.csv"]),
    "text code in population": (_population_code, ["INE_poblacion_municipios.csv", "dos mil"]),
    "text P-code in OCHA": (_ocha_code, [".dbf", "GTXX01"]),
    "DOG in poverty tab2 fh_mean": (_poverty_text, ["resultados.xlsx", "tab2_fgt1!", "DOG"]),
    "DOG in census column": (_census_text, ["FHcensus_mun.dta", "mun_p_asiste", "DOG"]),
    "DOG in one Deportadas cell": (
        _a2sit_deportadas(False),
        ["A2SIT_data_input_template_GTM.xlsx", "Data!", "DOG"],
    ),
    "DOG in every Deportadas cell": (
        _a2sit_deportadas(True),
        ["A2SIT_data_input_template_GTM.xlsx", "Deportadas", "DOG"],
    ),
}


@pytest.mark.parametrize("case", list(SOURCE_CASES))
def test_bad_source_file_stops_the_build(case, reference, raw_mirror, tmp_path, capsys):
    mutate, needles = SOURCE_CASES[case]
    before = _snapshot(reference)
    raw = _raw_copy(raw_mirror, tmp_path)
    mutate(raw)
    code = main(["build", "--raw", str(raw), "--out", str(reference)])
    err = capsys.readouterr().err
    assert code == 2
    _one_line(err, *needles)
    assert _snapshot(reference) == before
    assert not list((reference / "generations").glob(".staging-*"))


# ----------------------------------------------------------------------------- builds
def test_out_folder_with_an_apostrophe(raw_mirror, tmp_path):
    out = tmp_path / "datos d'Alvarado" / "processed"
    assert main(["build", "--raw", str(raw_mirror), "--out", str(out)]) == 0
    import duckdb

    with duckdb.connect(str(out / "raices.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from municipios").fetchone()[0] == 340
    assert all((out / name).is_file() for name in OUTPUT_FILES)


def test_second_build_on_the_same_out_refuses_with_one_line(reference, raw_mirror, capsys):
    before = _snapshot(reference)
    with build_lock(reference):
        code = main(["build", "--raw", str(raw_mirror), "--out", str(reference)])
    err = capsys.readouterr().err
    assert code == 2
    line = _one_line(err, "otra construcción está en curso", str(reference), "--wait")
    assert "pid" in line
    assert _snapshot(reference) == before


def test_second_build_waits_for_the_first(reference, raw_mirror):
    """A real second process waits (--wait) while the first holds the lock, then builds."""
    script = (
        "import sys, time; from pathlib import Path;"
        "from analysis.pipeline.build import build_lock;"
        "lock = build_lock(Path(sys.argv[1])); lock.__enter__();"
        "print('held', flush=True); time.sleep(3); lock.__exit__(None, None, None)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(reference)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        code = main(["build", "--raw", str(raw_mirror), "--out", str(reference), "--wait", "60"])
        assert code == 0 and time.monotonic() - started >= 2
    finally:
        holder.wait(timeout=30)


def test_killed_build_leaves_staging_that_the_next_build_cleans(reference, raw_mirror):
    stale = reference / "generations" / ".staging-20250101T000000000000-1"
    stale.mkdir(parents=True)
    (stale / "raices.duckdb").write_bytes(b"half written")
    legacy = reference / ".build-abc123"
    legacy.mkdir()
    assert main(["build", "--raw", str(raw_mirror), "--out", str(reference)]) == 0
    assert not stale.exists() and not legacy.exists()


def test_outputs_are_replaced_as_one_set(reference, raw_mirror):
    """Every published name goes through one ``current`` link; a build switches it once."""
    first = (reference / "current").resolve()
    assert main(["build", "--raw", str(raw_mirror), "--out", str(reference)]) == 0
    second = (reference / "current").resolve()
    assert first != second and first.is_dir()  # the previous generation is kept
    for name in OUTPUT_FILES:
        link = reference / name
        assert link.is_symlink() and str(Path(link.readlink())) == f"current/{name}"
        assert link.resolve().parent == second
    assert (reference / LOCK_NAME).is_file()
    generations = [p for p in (reference / "generations").iterdir() if not p.name.startswith(".")]
    assert len(generations) <= 2


# ----------------------------------------------------------------------------- rank flags and scenarios
def _rank(args: list[str], tmp_path: Path, capsys) -> tuple[int, str, Path]:
    out = tmp_path / "ranking.csv"
    code = main(["rank", *args, "--out", str(out)])
    return code, capsys.readouterr().err, out


@pytest.mark.parametrize(
    ("flags", "needle"),
    [
        (["--draws", "-5"], "--draws"),
        (["--draws", "100001"], "--draws"),
        (["--k", "0"], "--k"),
        (["--k", "341"], "--k"),
        (["--pilot", "0"], "--pilot"),
        (["--pilot", "23", "--level", "departamento"], "--pilot"),
        (["--seed", "-1"], "--seed"),
        (["--max-per-dept", "0"], "--max-per-dept"),
        (["--min-indigenous-share", "1.5"], "--min-indigenous-share"),
        (["--max-population", "-10"], "--max-population"),
    ],
)
def test_bad_rank_flags_are_one_line(flags, needle, built_db, tmp_path, capsys):
    code, err, out = _rank(flags, tmp_path, capsys)
    assert code == 2
    _one_line(err, needle)
    assert not out.exists()


def test_many_draws_say_what_they_cost(capsys):
    from analysis.commands.flags import check_draws

    check_draws(100_000)
    warning = capsys.readouterr().err
    assert "100000 simulaciones" in warning and " s " in warning and "MB" in warning


SCENARIO_CASES = {
    "goalposts as a list": ("e.toml", b"goalposts = [1, 2]\n", "goalposts"),
    "uncertainty = 5": ("e.toml", b"uncertainty = 5\n", "uncertainty"),
    "latin-1 file": ("e.toml", 'name = "Sololá"\n'.encode("latin-1"), "fila 1"),
    "weight 1e308": ("e.toml", b"[themes]\nmigracion = 1e308\n", "themes.migracion"),
    "max_per_dept {99 = 1}": ("e.toml", b"[pilot]\nk = 5\nmax_per_dept = {99 = 1}\n", "99"),
    "k = 1000": ("e.toml", b"[pilot]\nk = 1000\n", "pilot.k"),
    "nested TOML": ("e.toml", b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n", "profundidad"),
    "nested JSON": ("e.json", b'{"name": ' + b"[" * 3000 + b"]" * 3000 + b"}", "profundidad"),
    "draws -5": ("e.toml", b"[uncertainty]\ndraws = -5\n", "uncertainty.draws"),
}


@pytest.mark.parametrize("case", list(SCENARIO_CASES))
def test_bad_scenario_files_are_one_line(case, built_db, tmp_path, capsys):
    name, content, needle = SCENARIO_CASES[case]
    scenario = tmp_path / name
    scenario.write_bytes(content)
    code, err, out = _rank([str(scenario)], tmp_path, capsys)
    assert code == 2
    _one_line(err, name, needle)
    assert not out.exists()


# ----------------------------------------------------------------------------- own data
ADD = [
    "--value-column",
    "valor",
    "--code-column",
    "codigo",
    "--label",
    "Prueba",
    "--theme",
    "migracion",
    "--direction",
    "1",
    "--unit",
    "u",
    "--year",
    "2024",
    "--source",
    "prueba",
]


@pytest.fixture
def user_layer(built_db, tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DATA", str(tmp_path / "datos"))
    return tmp_path / "datos" / "user"


def _layer(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*")} if folder.is_dir() else {}


def test_non_finite_value_is_refused_and_named(user_layer, tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("codigo,valor\n101,1e999\n102,5\n", encoding="utf-8")
    code = main(["add", str(table), "--id", "prueba_infinito", *ADD])
    out = capsys.readouterr().out
    assert code == 3
    assert "fila 2" in out and "invalid_value" in out
    assert _layer(user_layer) == {}


def test_reserved_export_column_name_is_refused(user_layer, tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("codigo,valor\n101,1\n", encoding="utf-8")
    code = main(["add", str(table), "--id", "dept_pcode", *ADD])
    assert code == 2
    _one_line(capsys.readouterr().err, "«id»", "dept_pcode", "reservado")
    assert _layer(user_layer) == {}


def test_two_million_columns_are_refused_quickly(user_layer, tmp_path, capsys):
    table = tmp_path / "ancha.csv"
    table.write_text(",".join(["x"] * 2_000_000) + "\n" + ",".join(["1"] * 2_000_000) + "\n")
    started = time.perf_counter()
    code = main(["add", str(table), "--id", "prueba_ancha", *ADD])
    assert time.perf_counter() - started < 5
    assert code == 2
    _one_line(capsys.readouterr().err, "ancha.csv", "fila 1", "500 columnas")
    assert _layer(user_layer) == {}


def test_png_renamed_csv_is_named_as_not_a_table(user_layer, tmp_path, capsys):
    table = tmp_path / "mapa.csv"
    table.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert main(["add", str(table), "--id", "prueba_png", *ADD]) == 2
    line = _one_line(capsys.readouterr().err, "mapa.csv", "no es una tabla de texto", "PNG")
    assert "separador" not in line
    assert _layer(user_layer) == {}


def test_formula_cells_are_neutralised_in_every_report(user_layer, tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text(
        "codigo,valor,nota\n101,1,\"=cmd|' /C calc'!A0\"\n=1+1,2,x\n", encoding="utf-8"
    )
    report = tmp_path / "informe.csv"
    main(
        [
            "add",
            str(table),
            "--id",
            "prueba_formula",
            *ADD,
            "--report",
            str(report),
            "--accept-unmatched",
        ]
    )
    capsys.readouterr()
    for written in (report, user_layer / "prueba_formula.report.csv"):
        text = written.read_text(encoding="utf-8")
        assert "'=1+1" in text
        for line in text.splitlines():
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "+", "@")), (written, cell)
