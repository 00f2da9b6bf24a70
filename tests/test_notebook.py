"""The causes notebook runs end to end on the session's build, so it never rots."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "analisis_causas.ipynb"
KERNEL = "raices-test-venv"


@pytest.fixture()
def venv_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec that starts *this* interpreter, found through JUPYTER_PATH.

    Pointing at ``sys.executable`` keeps the test independent of whatever kernels the
    machine has registered (or not).
    """
    pytest.importorskip("ipykernel")
    folder = tmp_path / "jupyter" / "kernels" / KERNEL
    folder.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Raíces (venv de pruebas)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


@pytest.mark.slow
def test_notebook_executes_without_errors(built_db, venv_kernel, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=venv_kernel,
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    text = json.dumps([output.get("data", {}).get("text/plain", "") for output in outputs])
    # The spatial summary, the typology groups and the factor table reached the output.
    assert "emigracion_hogar" in text
    assert "moran_i" in text or "0." in text
    assert "importance_flexible" in text


def test_notebook_defines_no_logic():
    source = NOTEBOOK.read_text(encoding="utf-8")
    notebook = json.loads(source)
    code = "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"
    )
    assert "def " not in code
    assert "class " not in code
    assert "from analysis" in code
