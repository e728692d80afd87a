"""The example notebook runs top to bottom."""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "leaderboard.ipynb"


@pytest.mark.slow
def test_example_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    shutil.copy(NOTEBOOK, tmp_path)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    # Paper table 11: Smolagents Coder with gpt-4.1 scores 43.9% on Literature Understanding at $0.07.
    assert "Best within $0.1 per problem: Smolagents Coder (gpt-4.1) (43.9%)" in text
    assert "literature-understanding.html True" in text
    # Paper table 11 lists the 18 agents that ran every benchmark.
    assert "Agents with a score in paper mode (every benchmark run): 18" in text
    assert any(
        "application/vnd.holoviews_load.v0+json" in o.get("data", {}) or "text/html" in o.get("data", {})
        for o in outputs
    )  # the plot rendered
    assert (tmp_path / "literature-understanding.html").exists()
