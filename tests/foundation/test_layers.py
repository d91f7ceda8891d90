"""The layer contract of docs/architecture.md, read from the source: models <- printers <- counter
<- screens. Every import counts, also those inside functions (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "printers", "counter", "screens")
# The one upward import: the command that opens the app is the composition root.
COMPOSITION_ROOT = {("counter.cli.app", "screens.app")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[str]:
    """Every module `path` imports, absolute, wherever in the file the import stands."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from counter import locations` imports the module counter.base.locations (and the
            # package's __init__, which holds no code that matters to the contract)
            for alias in node.names:
                yield f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base


def _is_module(name: str) -> bool:
    path = ROOT / Path(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def project_imports(package: str) -> Iterator[tuple[str, str]]:
    """(importer, imported) for every import of a project module from `package`'s modules."""
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts and "versions" in path.parts:
            continue
        for imported in imports_of(path):
            if imported.split(".")[0] in PACKAGES:
                yield _module_name(path), imported


def leaf_modules() -> set[str]:
    """The modules of `counter` that printers may use, as docs/architecture.md names them."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("printers/ ->"))
    return set(re.findall(r"counter\.[a-z0-9_.]*[a-z0-9_]", line))


def _within(module: str, allowed: set[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in allowed)


def test_models_import_no_other_layer() -> None:
    wrong = [(a, b) for a, b in project_imports("models") if not b.startswith("models")]
    assert wrong == []


def test_printers_use_only_the_leaf_modules_of_counter_named_in_the_architecture() -> None:
    leaves = leaf_modules()
    assert leaves, "docs/architecture.md names no leaf modules"
    wrong = [(a, b) for a, b in project_imports("printers")
             if not _within(b, {"models", "printers"}) and not _within(b, leaves)]
    assert wrong == []


@pytest.mark.parametrize("leaf", sorted(leaf_modules()))
def test_leaf_modules_are_leaves(leaf: str) -> None:
    """A leaf module imports no other part of the project than another leaf."""
    path = ROOT / Path(*leaf.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    leaves = leaf_modules()
    wrong = [b for b in imports_of(path) if b.split(".")[0] in PACKAGES and not _within(b, leaves)]
    assert wrong == []


def test_counter_never_imports_screens_but_to_open_the_app() -> None:
    upward = {(a, b) for a, b in project_imports("counter") if b.startswith("screens")}
    assert upward == COMPOSITION_ROOT


def test_the_contract_test_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The reader finds imports inside functions and `from counter import x` forms."""
    imported = set(imports_of(ROOT / "counter" / "cli" / "app.py"))
    assert {"screens.app", "counter.store.keys", "counter.office.runtime", "counter.cli.context"} <= imported
    assert "counter.base.locations" in set(imports_of(ROOT / "printers" / "escpos.py"))


# Inside counter: each sub-package may use only the parts below it.
COUNTER_PARTS = {
    "base": set(),
    "rules": {"base"},
    "catalogue": {"base", "rules"},
    "texts": {"base", "rules", "catalogue"},
    "store": {"base"},
    "messages": {"base", "rules"},
    "office": {"base", "store", "rules"},
    "work": {"base", "store"},
    "printing": {"base", "store", "office", "rules", "catalogue", "texts", "work"},
    "filing": {"base", "store", "office", "rules", "catalogue", "texts", "printing", "messages", "work"},
    "agencies": {"base", "store", "office", "rules", "catalogue", "texts", "printing", "messages", "filing", "work"},
    "lookup": {"base", "store", "rules", "filing"},
}

def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "counter" and len(parts) > 1 else parts[0]


@pytest.mark.parametrize("part", sorted(COUNTER_PARTS))
def test_each_part_of_counter_uses_only_the_parts_below_it(part: str) -> None:
    allowed = COUNTER_PARTS[part] | {part, "models", "printers"}
    wrong = sorted({(a, b) for a, b in project_imports("counter")
                    if _part(a) == part and a.startswith("counter.") and _part(b) not in allowed})
    assert wrong == []


def test_the_root_of_counter_holds_only_its_entry_points() -> None:
    modules = {path.stem for path in (ROOT / "counter").glob("*.py")}
    assert modules == {"__init__", "__main__"}
