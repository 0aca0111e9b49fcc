"""The shape of the code (issue 14): no import cycles between modules, the stages import in one
direction, the render package loads nothing until asked, and no module grows past ~400 lines."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
MAX_LINES = 420  # "about 400": a module past this is doing two things


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """(module-level imports, deferred imports inside functions) of generator modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_nodes = {id(n) for n in tree.body}

    def targets(node) -> set[str]:
        found = set()
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            submodules = {f"{node.module}.{a.name}" for a in node.names} & known
            found |= submodules  # `from pkg import module` needs the module, not what pkg defines
            if len(submodules) < len(node.names):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        return found & known

    top, deferred = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            (top if id(node) in top_nodes else deferred).update(targets(node))
    return top, deferred - top


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules))[0] - {name} for name, path in modules.items()}


def test_no_import_cycles(graph):
    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            for dep in graph.get(stack.pop(), ()):
                if dep == goal:
                    return True
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return False
    cycles = sorted({tuple(sorted((a, b))) for a, deps in graph.items() for b in deps if reaches(b, a)})
    assert not cycles, f"modules that import each other: {cycles}"


def test_stages_import_in_one_direction(graph):
    """Loading and checking never need the renderer; feeds and the render leaves never need the
    page kinds, the rendering context or Jinja2; nothing below the build imports the build."""
    def closure(name: str) -> set[str]:
        seen, stack = set(), [name]
        while stack:
            for dep in graph.get(stack.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return seen
    for low in ("generator.content.loader", "generator.library", "generator.config", "generator.model"):
        assert not {m for m in closure(low) if m.startswith(("generator.render", "generator.feeds"))}, low
    renderer = {"generator.render.kinds", "generator.render.context", "generator.render.site"}
    for leaf in ("generator.feeds", "generator.captions", "generator.transcripts", "generator.render.views",
                 "generator.render.inputs", "generator.render.markdown_export", "generator.render.structured"):
        assert not closure(leaf) & renderer, leaf
    for name in graph:
        if name not in ("generator.build", "generator.cli", "generator.serve.rebuild", "generator.serve"):
            assert "generator.build" not in graph[name], name


def test_the_render_package_loads_nothing_until_asked():
    tree = ast.parse((PACKAGE / "render" / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.module != "__future__"]


def test_no_module_is_long():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules: {long}"
