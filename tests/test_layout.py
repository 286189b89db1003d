"""The floor plan holds: layers import only downwards, no two modules import each other round a circle, no import
hides in a function, and the README's layout names every module there is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"
# Lowest first. A module may import from its own layer's foundation modules and from lower layers only; the
# stages of one layer (site, export, importers) never import each other: what two of them need sits below.
LAYERS = [
    {"generator.schema", "generator.urls", "generator.output", "generator.parallel", "generator.geo",
     "generator.sanitise", "generator.licence", "generator.config", "generator.texts", "generator.hsds_crosswalk",
     "generator.staging"},
    {"generator.hours"},
    {"generator.validate", "generator.enrich"},
    {"generator.tools"},
    {"generator.site", "generator.export", "generator.importers"},
    {"generator.serve"},
    {"generator.build"},
    {"generator.cli", "generator.plugin"},
]
SHARED = LAYERS[0]  # the foundation's modules may use each other (the cycle check still applies)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def unit(module: str) -> str:
    """The layer entry a module belongs to: its package under generator/, or the root module itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def layer(module: str) -> int:
    for n, units in enumerate(LAYERS):
        if unit(module) in units:
            return n
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom, known: set[str]) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    targets = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        targets.append(candidate if candidate in known else base)
    return targets


def imports(module: str, path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported first-party module, line, whether the import sits inside a function or class)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            if isinstance(child, ast.ImportFrom):
                for target in _resolve(module, path.name == "__init__.py", child, known):
                    if target.startswith("generator"):
                        found.append((target, child.lineno, nested))
            elif isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, nested) for a in child.names if a.name.startswith("generator"))
            visit(child, inner)

    visit(tree, False)
    return found


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    mods = modules()
    known = set(mods)
    return {m: imports(m, p, known) for m, p in mods.items()}


def test_every_module_belongs_to_a_layer():
    for module in modules():
        if module != "generator":
            layer(module)


def test_no_layer_imports_from_a_higher_one_and_no_stage_from_a_sibling():
    wrong = []
    for module, targets in graph().items():
        if module == "generator":
            continue
        for target, line, _ in targets:
            if target == "generator" or unit(target) == unit(module):
                continue
            mine, theirs = layer(module), layer(target)
            if theirs > mine or (theirs == mine and unit(module) not in SHARED):
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_first_party_import_hides_in_a_function():
    hidden = [f"{module}:{line} imports {target}" for module, targets in graph().items()
              for target, line, nested in targets if nested]
    assert not hidden, "an import inside a function dodges a cycle or hides a dependency:\n" + "\n".join(hidden)


def test_no_two_modules_import_each_other_round_a_circle():
    edges = {m: {t for t, _, _ in ts if t != m and t in modules()} for m, ts in graph().items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in edges:
        if v not in index:
            strongconnect(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_readme_layout_names_every_module_and_no_other():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Layout\n.*?```\n(generator/\n.*?)```", readme, re.S).group(1)
    listed, folders = set(), []
    for line in block.splitlines():
        indent = (len(line) - len(line.lstrip())) // 2
        name = line.split()[0]
        folders[indent:] = [name] if name.endswith("/") else []
        if name.endswith(".py"):
            listed.add("".join(folders[:indent]) + name)
    actual = {str(p.relative_to(REPO)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert listed == actual, f"missing from the README: {sorted(actual - listed)}; not in the tree: " \
                             f"{sorted(listed - actual)}"


def test_every_module_says_its_one_job_on_its_first_line():
    missing = []
    for module, path in modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(module)
    assert not missing, f"modules without a first line that says their job: {missing}"

