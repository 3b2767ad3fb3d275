"""Evaluation sets: articles, their gold annotations, and what a caller would pass with them.

A set is a folder laid out as

    articles/<id>.txt      the article as published (headline first)
    gold/<id>.json         the gold `Agreement`, annotated by reading the article (evals/README.md)
    sources.jsonl          optional: one line per article, {"id", "published_at", "outlet", "country", ...}

The shipped sets are `seeds` (the five seed articles, `seeds/` + `evals/gold/`), `dev` (the part rules and prompts
are tuned on) and `dev-test` (scored only to report, never tuned on). They are found in the checkout, else inside
the installed package (`agreement_llm._evals`), so `agreement-llm eval --set dev` works outside a checkout. Any
folder of gold files can be scored too: a folder laid out as above, or a flat folder of `<id>.json` with the
articles beside them or in a folder given separately.

>>> s = load_set("seeds")
>>> s.name, len(s.ids)
('seeds', 5)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SHIPPED = ("seeds", "dev", "dev-test")


@dataclass(frozen=True)
class EvalSet:
    """Where a set's articles and gold files are, and the publication date of each article when known."""

    name: str
    articles_dir: Path
    gold_dir: Path
    published: dict[str, str | None] = field(default_factory=dict)
    sources: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.gold_dir.glob("*.json"))

    def article(self, stem: str) -> Path:
        return self.articles_dir / f"{stem}.txt"


def _checkout() -> Path | None:
    root = Path(__file__).resolve().parents[3]
    return root if (root / "evals" / "gold").is_dir() and (root / "seeds").is_dir() else None


def _installed() -> Path:
    return Path(__file__).resolve().parents[1] / "_evals"


def _shipped(name: str) -> EvalSet:
    root = _checkout()
    if root is not None:
        if name == "seeds":
            return EvalSet("seeds", root / "seeds", root / "evals" / "gold")
        return from_folder(root / "evals" / name, name=name)
    base = _installed()
    if name == "seeds":
        return EvalSet("seeds", base / "seeds", base / "gold")
    return from_folder(base / name, name=name)


def from_folder(folder: str | Path, *, articles: str | Path | None = None, name: str | None = None) -> EvalSet:
    """A set from a folder: `articles/` + `gold/` (+ `sources.jsonl`) inside it, or gold files in it directly."""
    folder = Path(folder)
    if (folder / "gold").is_dir():
        gold_dir, default_articles = folder / "gold", folder / "articles"
    else:
        gold_dir, default_articles = folder, folder
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        raise InputError(
            f"no gold annotations (*.json) in {gold_dir}: pass a folder of gold files, or --set {'/'.join(SHIPPED)}"
        )
    sources = _read_sources(folder / "sources.jsonl")
    published = {k: v.get("published_at") for k, v in sources.items()}
    return EvalSet(
        name or folder.name,
        Path(articles) if articles else default_articles,
        gold_dir,
        {k: (str(v) if v else None) for k, v in published.items()},
        sources,
    )


def load_set(name: str, *, articles: str | Path | None = None) -> EvalSet:
    """A shipped set by name: `seeds`, `dev` or `dev-test` (a folder of your own: `from_folder`)."""
    if name not in SHIPPED:
        raise InputError(f"no shipped set {name!r}: pick one of {', '.join(SHIPPED)}, or pass a folder with --gold")
    found = _shipped(name)
    return (
        found
        if articles is None
        else EvalSet(found.name, Path(articles), found.gold_dir, found.published, found.sources)
    )


def _read_sources(path: Path) -> dict[str, dict[str, object]]:
    if not path.is_file():
        return {}
    rows: dict[str, dict[str, object]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows[str(row["id"])] = row
        except (ValueError, KeyError, TypeError):
            raise InputError(f'{path}:{number} is not a JSON object with an "id"') from None
    return rows
