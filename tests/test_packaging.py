"""Packaging: the wheel carries every subpackage and the licence, and every third-party import is declared."""

from __future__ import annotations

import ast
import re
import sys

import pytest

from conftest import ROOT

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SRC = ROOT / "src" / "agreement_llm"
# Import names whose distribution is named otherwise (the rest: the import name with "_" as "-").
DISTRIBUTION_OF = {"llama_cpp": "llama-cpp-python"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_subpackage_is_in_the_wheel() -> None:
    """`[tool.setuptools] packages` is a list: a subpackage left off it is missing from an installed wheel."""
    on_disk = {".".join(p.parent.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py")}
    assert on_disk - set(PYPROJECT["tool"]["setuptools"]["packages"]) == set()


def test_the_licence_file_is_the_declared_one_and_ships() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE", "NOTICE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text
    # The GeoNames tables are CC-BY 4.0: the NOTICE attributes them and names each shipped file.
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    shipped = PYPROJECT["tool"]["setuptools"]["package-data"]["agreement_llm"]
    data = [name for name in shipped if name.endswith(".gz")]
    assert data and "GeoNames" in notice and "creativecommons.org/licenses/by/4.0" in notice
    assert all(f"src/agreement_llm/{name}" in notice for name in data)


class _RuntimeImports(ast.NodeVisitor):
    """Top-level names of absolute imports, leaving out those under `if TYPE_CHECKING:` (annotations only)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" not in ast.unparse(node.test):
            self.generic_visit(node)
        else:
            for child in node.orelse:
                self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.names.update(alias.name.split(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.names.add(node.module.split(".")[0])


def test_every_third_party_import_is_declared() -> None:
    """In `dependencies` or an extra: an undeclared import works only while something else happens to pull it in."""
    project = PYPROJECT["project"]
    requirements = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
    ]
    declared = {_normal(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in requirements}  # type: ignore[union-attr]
    visitor = _RuntimeImports()
    for path in SRC.rglob("*.py"):
        visitor.visit(ast.parse(path.read_bytes()))
    third_party = visitor.names - set(sys.stdlib_module_names) - {"agreement_llm"}
    undeclared = {name for name in third_party if _normal(DISTRIBUTION_OF.get(name, name)) not in declared}
    assert undeclared == set(), f"imported by src/ but not declared in pyproject.toml: {sorted(undeclared)}"
