"""The house: imports only go down (no circle, even through an import inside a function), and layers stay apart."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("embassy_site", "security_service")  # what production runs; bench/ and tests/ are tooling on top


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts}


def imported(name, path, known):
    """The project's modules that `name` imports, anywhere in its code (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        # Importing from a package one belongs to (`from .. import languages`) is not an import of that package.
        found.update(target for target in targets if target in known and target != name and not name.startswith(target + "."))
    return found


@pytest.fixture(scope="module")
def graph():
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def test_no_module_imports_itself_back_through_others(graph):
    edges = graph
    visiting, done, circles = [], set(), []

    def visit(name):
        if name in done:
            return
        if name in visiting:
            circles.append([*visiting[visiting.index(name) :], name])
            return
        visiting.append(name)
        for target in sorted(edges[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(edges):
        visit(name)
    assert not circles, "import circles: " + "; ".join(" -> ".join(circle) for circle in circles)


def test_the_app_never_imports_the_project_and_neither_imports_the_bench(graph):
    def layer(name):
        return name.partition(".")[0]

    allowed = {"security_service": {"security_service"}, "embassy_site": {"embassy_site", "security_service"}}
    upwards = {
        name: sorted(target for target in targets if layer(target) not in allowed[layer(name)])
        for name, targets in graph.items()
        if layer(name) in allowed
    }
    assert not {name: targets for name, targets in upwards.items() if targets}


def test_models_import_nothing_above_them(graph):
    # Modules that import nothing of the app: languages, images, validators and the transliteration (cyrillic).
    below_models = {"security_service.languages", "security_service.images", "security_service.validators", "security_service.cyrillic"}
    for name, targets in graph.items():
        if name in below_models:
            assert not {target for target in targets if target.startswith("security_service")}, name
    for name, targets in graph.items():
        if name.startswith("security_service.models"):
            assert targets <= below_models | {target for target in targets if target.startswith("security_service.models")}, name
