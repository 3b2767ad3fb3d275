"""The command line: a thin shell whose errors say what to do, with exit codes scripts can trust."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agreement_llm.cli import main
from conftest import RECORDINGS, seed_path

SEED_000 = seed_path("000")


def test_summarize_replayed_seed_prints_a_valid_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    from agreement_llm.schema import Agreement

    assert main(["summarize", str(SEED_000), "--replay", str(RECORDINGS)]) == 0
    agreement = Agreement.model_validate_json(capsys.readouterr().out)
    assert agreement.status.value == "signed" and agreement.run.backend == "replay"


def test_text_view_shows_status_summary_and_guards(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SEED_000), "--replay", str(RECORDINGS), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("status      signed") and "qwen2.5-coder-1.5b" in out


def test_stdin_is_read_with_a_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED_000.read_text(encoding="utf-8")))
    assert main(["summarize", "-", "--replay", str(RECORDINGS)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "signed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summarize", "no/such/file.txt"], "no such file: no/such/file.txt"),
        (["summarize", str(SEED_000), "--gguf", "/nonexistent/model.gguf"], "no GGUF file at /nonexistent/model.gguf"),
        (["summarize", str(SEED_000), "--record", "a", "--replay", "b"], "record and replay are exclusive"),
    ],
)
def test_bad_input_and_configuration_exit_2_with_a_message(args, message, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_non_utf8_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "cp1256.txt"
    bad.write_bytes("وقعت الجمعية".encode("cp1256"))
    assert main(["summarize", str(bad)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "agreement_llm", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("agreement-llm ")
