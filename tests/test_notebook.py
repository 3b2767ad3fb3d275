"""examples/quickstart.ipynb runs top to bottom, offline (replayed recordings), so it never goes stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason="the notebook test needs the test extra: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="the notebook test needs the test extra: pip install -e '.[test]'")

NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def test_quickstart_notebook_executes_offline_and_shows_the_highlighted_article(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:  # run it fresh: the committed outputs must not satisfy the checks below
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    # The kernel talks to this process on 127.0.0.1 only (jupyter_client's default); the notebook itself only
    # replays recordings and reads files of the repository.
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]  # library use is quiet
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert 'class="al-article" dir="rtl"' in html[0] and '<mark class="al-k-party"' in html[0]
    assert any("party_name" in h and "representative_name" in h for h in html)  # the DataFrame
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the eval plot
