"""The import rules of ARCHITECTURE.md, checked over the source with `ast`.

Every import counts: at module level, under `if TYPE_CHECKING`, inside functions, and
`importlib.import_module` with a literal (or f-string) name. The one lazy exception is the CLI
reaching the checkout-only tooling (`harness`, `bench`) inside the command that needs it.
Change a rule here and in ARCHITECTURE.md together.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ANY = None  # every module of the imported package
Allowed = Mapping[str, tuple[str, ...] | None]

PRODUCT = tuple(
    "dinner schemas domain eventstore privacy service_layer bootstrap api_common command_api "
    "query_api projections consumers rabbitmq ai_worker cli".split()
)
TOOLING = ("harness", "bench")


def _all(*packages: str) -> dict[str, tuple[str, ...] | None]:
    return dict.fromkeys(packages, ANY)


# Importer → the packages of ours it may import, each with the only modules allowed (ANY: all).
MAY_IMPORT: dict[str, Allowed] = {
    "dinner": {},
    "schemas": {},
    "domain": _all("schemas"),
    "eventstore": _all("dinner", "schemas"),
    "privacy": _all("dinner", "schemas", "eventstore"),
    "service_layer": _all("dinner", "schemas", "domain", "eventstore", "privacy"),
    "rabbitmq": _all("dinner", "schemas", "eventstore", "bootstrap"),
    "consumers": _all("dinner", "schemas", "eventstore", "rabbitmq", "bootstrap"),
    "projections": _all("dinner", "schemas", "eventstore", "privacy", "consumers", "bootstrap"),
    "bootstrap": {
        **_all("dinner", "schemas", "domain", "eventstore", "privacy", "service_layer"),
        **_all("rabbitmq", "consumers"),
        "projections": ("projections.forgetting",),  # the adapter behind privacy's Forgetter
    },
    "api_common": _all("dinner", "schemas"),
    "command_api": {
        **_all("dinner", "schemas", "domain", "service_layer", "api_common", "bootstrap"),
        "eventstore": ("eventstore.port",),  # the port's errors, mapped to 409/503
        "privacy": ("privacy.forget",),  # the forgetting port
        "rabbitmq": ("rabbitmq.dlq_access",),  # an admin's replay of dead letters
    },
    "query_api": {
        **_all("dinner", "schemas", "eventstore", "privacy", "api_common", "domain", "bootstrap"),
        "projections": ("projections.tables", "projections.signals"),
        "rabbitmq": ("rabbitmq.dlq_access", "rabbitmq.topology"),  # an admin's dead letters
    },
    "ai_worker": _all("dinner", "schemas", "domain", "service_layer", "consumers", "bootstrap"),
    "cli": _all(*PRODUCT, *TOOLING),
    "harness": _all(*PRODUCT, *TOOLING),
    "bench": _all(*PRODUCT, *TOOLING),
    "deploy": {},
    "tests": _all(*PRODUCT, *TOOLING, "tests"),
}
# (importer, imported) → the only importer modules that may: a composition root opens the
# process's services, and the audit "as of" view folds the write side's order decider.
COMPOSITION_ROOTS = (
    "command_api/app.py",
    "query_api/app.py",
    "projections/process.py",
    "rabbitmq/relay_process.py",
    "consumers/notifications.py",
    "ai_worker/process.py",
)
ONLY_IN: dict[tuple[str, str], tuple[str, ...]] = {
    ("query_api", "domain"): ("query_api/audit_asof.py",),
}
for _root in COMPOSITION_ROOTS:
    _key = (_root.split("/")[0], "bootstrap")
    ONLY_IN[_key] = (*ONLY_IN.get(_key, ()), _root)
# The wiring never reaches back into a process: no composition root below `bootstrap`.
NEVER = {
    "bootstrap": tuple(root.removesuffix(".py").replace("/", ".") for root in COMPOSITION_ROOTS)
}
LAZY_ONLY = {("cli", "harness"), ("cli", "bench")}
# Packages held to the standard library plus these outside distributions.
THIRD_PARTY = {"domain": {"pydantic"}, "schemas": {"pydantic"}}
NOT_CHECKED = {"tests"}  # tests may import anything; `web/` holds no Python


@dataclass(frozen=True)
class Import:
    file: str  # relative to the root, with forward slashes
    line: int
    module: str
    lazy: bool  # inside a function

    @property
    def package(self) -> str:
        return self.module.split(".")[0]


def python_files(root: Path, package: str) -> Iterator[Path]:
    yield from sorted(p for p in (root / package).rglob("*.py") if "__pycache__" not in p.parts)


def _absolute(root: Path, file: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = list(file.relative_to(root).parent.parts)
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _names(root: Path, file: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    module = _absolute(root, file, node)
    folder = root.joinpath(*module.split("."))
    # `from pkg import mod` imports pkg.mod when that is a module; otherwise a name of pkg.
    return [
        f"{module}.{alias.name}"
        if (folder / f"{alias.name}.py").is_file() or (folder / alias.name).is_dir()
        else module
        for alias in node.names
    ]


def _dynamic(node: ast.Call) -> str | None:
    """The literal part of `importlib.import_module("x.y")` or `import_module(f"x.{y}")`."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "import_module" or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    if isinstance(first, ast.JoinedStr) and first.values:
        head = first.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return head.value.rstrip(".")
    return None


def imports_of(root: Path, file: Path) -> Iterator[Import]:
    relative = file.relative_to(root).as_posix()
    tree = ast.parse(file.read_text(encoding="utf-8"), relative)

    def visit(node: ast.AST, lazy: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import | ast.ImportFrom):
                for module in _names(root, file, child):
                    yield Import(relative, child.lineno, module, lazy)
            elif isinstance(child, ast.Call) and (dynamic := _dynamic(child)):
                yield Import(relative, child.lineno, dynamic, lazy)
            yield from visit(child, inner)

    yield from visit(tree, False)


def _breach(importer: str, imp: Import, ours: set[str]) -> str | None:
    """Why `imp`, made in package `importer`, breaks a rule; None when it keeps them."""
    target = imp.package
    if target == importer:
        return None
    if target not in ours:
        allowed = THIRD_PARTY.get(importer)
        if allowed is None or target in sys.stdlib_module_names or target in allowed:
            return None
        return f"{importer} uses only the standard library and {', '.join(sorted(allowed))}"
    rules = MAY_IMPORT[importer]
    if target not in rules:
        return f"{importer} may not import {target}"
    if (importer, target) in LAZY_ONLY and not imp.lazy:
        return f"{importer} imports {target} only inside the function that needs it"
    modules = rules[target]
    if modules is not ANY and not any(
        imp.module == m or imp.module.startswith(m + ".") for m in modules
    ):
        return f"{importer} may import only {', '.join(modules)} of {target}"
    if any(imp.module == m or imp.module.startswith(m + ".") for m in NEVER.get(importer, ())):
        return f"{importer} may not import a composition root"
    places = ONLY_IN.get((importer, target))
    if places is not None and imp.file not in places:
        return f"only {', '.join(places)} of {importer} may import {target}"
    return None


def breaches(root: Path) -> list[tuple[Import, str]]:
    ours = set(MAY_IMPORT)
    found = []
    for importer in sorted(ours - NOT_CHECKED):
        for file in python_files(root, importer):
            for imp in imports_of(root, file):
                reason = _breach(importer, imp, ours)
                if reason is not None:
                    found.append((imp, reason))
    return found


def _report(found: list[tuple[Import, str]]) -> str:
    return "\n".join(f"{imp.file}:{imp.line} imports {imp.module}: {why}" for imp, why in found)


def python_folders(root: Path) -> set[str]:
    return {
        folder.name
        for folder in root.iterdir()
        if folder.is_dir()
        and not folder.name.startswith((".", "_"))
        and not folder.name.endswith(".egg-info")
        and folder.name not in {"build", "dist", "node_modules"}
        and next(python_files(root, folder.name), None) is not None
    }


def test_every_folder_with_python_has_import_rules() -> None:
    missing = sorted(python_folders(ROOT) - set(MAY_IMPORT))
    assert not missing, f"add to ARCHITECTURE.md and MAY_IMPORT: {missing}"


def test_packages_import_only_what_the_architecture_allows() -> None:
    found = list(breaches(ROOT))
    assert not found, "\n" + _report(found)


def _plant(root: Path, path: str, source: str) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(source, encoding="utf-8")


def test_the_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    _plant(tmp_path, "schemas/a.py", "from dinner.settings import Settings\n")
    _plant(tmp_path, "domain/b.py", "import sqlalchemy\nimport re\nfrom pydantic import Field\n")
    _plant(tmp_path, "projections/c.py", "def f():\n    from harness import consistency\n")
    _plant(tmp_path, "cli/d.py", "import harness.chaos\ndef f():\n    import bench.relay\n")
    _plant(tmp_path, "cli/e.py", "import importlib\nimportlib.import_module(f'tests.{x}')\n")
    _plant(tmp_path, "query_api/f.py", "from domain import ORDER\nfrom projections import sales\n")
    _plant(tmp_path, "query_api/audit_asof.py", "from domain import ORDER\n")
    _plant(tmp_path, "command_api/g.py", "from .h import x\nfrom ..eventstore import postgres\n")
    _plant(tmp_path, "eventstore/postgres.py", "")
    _plant(tmp_path, "projections/sales.py", "")
    _plant(
        tmp_path,
        "bootstrap/i.py",
        "from rabbitmq.relay_process import main\nimport rabbitmq.relay\n",
    )
    _plant(tmp_path, "rabbitmq/relay_process.py", "import bootstrap\n")
    _plant(tmp_path, "rabbitmq/relay.py", "import bootstrap\n")

    assert {(imp.file, imp.line, imp.module) for imp, _ in breaches(tmp_path)} == {
        ("schemas/a.py", 1, "dinner.settings"),
        ("domain/b.py", 1, "sqlalchemy"),
        ("projections/c.py", 2, "harness"),
        ("cli/d.py", 1, "harness.chaos"),
        ("cli/e.py", 2, "tests"),
        ("query_api/f.py", 1, "domain"),
        ("query_api/f.py", 2, "projections.sales"),
        ("command_api/g.py", 2, "eventstore.postgres"),
        ("bootstrap/i.py", 1, "rabbitmq.relay_process"),
        ("rabbitmq/relay.py", 1, "bootstrap"),
    }


DECIDING = {"domain", "service_layer"}


def decide_calls(root: Path) -> list[str]:
    calls = []
    for package in sorted(set(MAY_IMPORT) - DECIDING - {"tests"}):
        for file in python_files(root, package):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name == "decide":
                    calls.append(f"{file.relative_to(root).as_posix()}:{node.lineno}")
    return calls


def test_only_the_domain_and_the_service_layer_decide() -> None:
    calls = decide_calls(ROOT)
    assert not calls, "a command becomes events only in service_layer/: " + ", ".join(calls)


@pytest.mark.parametrize("call", ["ORDER.decide(command, state)", "decide(command, state)"])
def test_the_decide_check_sees_a_call(tmp_path: Path, call: str) -> None:
    _plant(tmp_path, "ai_worker/x.py", f"def f(command, state):\n    return {call}\n")
    _plant(tmp_path, "service_layer/y.py", f"def f(command, state):\n    return {call}\n")
    assert decide_calls(tmp_path) == ["ai_worker/x.py:2"]
