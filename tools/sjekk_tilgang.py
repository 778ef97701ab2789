"""Access rule check (run by ``make lint``): a view never fetches a kommune's data
except through ``for_user(...)`` or an access helper.

The rule: in a view module (``*/views.py`` or ``*/views/*.py``), every statement that
fetches a *kommune-bound* model,

- ``Model.objects.<anything>`` (``get``, ``filter``, ``all``, ``select_related`` ...),
  ``Model._default_manager...``, or
- ``get_object_or_404(Model, ...)`` / ``get_list_or_404(Model, ...)`` with the bare model,

must in the same statement (for ``if``/``for``/``with``/... only its header, not its
body) call ``for_user(...)`` or an access helper: a function imported from an
``access`` module (``from kommuner.access import kommuner_with_workdata``) or called on
one (``access.soknad_for_user(...)``). Otherwise another kommune's row is one changed id
away. Fetching through a helper of the view module itself is fine: that helper's body
is checked too.

Kommune-bound models are derived from the code, not listed by hand: every model in a
``models.py`` (or ``models/*.py``) that

- has a ``kommune`` ForeignKey/OneToOneField, or
- gets its manager from a queryset that defines ``for_user`` or subclasses one that
  does (``KommuneDataQuerySet``), e.g. ``objects = MoteQuerySet.as_manager()``,

except ``SHARED`` below (rows every logged-in user reads). Rows reached only through a
kommune-bound parent (``Beslutning`` through ``Mote``) are not checked; reach them
through the parent (``mote.beslutninger.all()``).

A reviewed exception is marked with a trailing comment on the statement, giving the
reason: ``rader = Tiltak.objects.filter(...)  # tilgang: public catalogue``.

Usage: ``python tools/sjekk_tilgang.py [root]``; exit status 1 and one line per
violation (``path:line: message``) when the rule is broken.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

# Models with a kommune FK that every logged-in user may read (kommuner/access.py: the
# shared overview of participations), or that are no kommune's working data (a user's
# own kommune).
SHARED = {"kommuner.models.Deltakelse", "kommuner.models.Bruker"}
FETCH_FUNCTIONS = {"get_object_or_404", "get_list_or_404"}
MANAGERS = {"objects", "_default_manager"}
MARK = "# tilgang:"
SKIP_DIRS = {".venv", "node_modules", "migrations", "tests", ".git", "tools"}


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts[:-1]):
            yield path


def is_models_file(path: Path) -> bool:
    return path.name == "models.py" or path.parent.name == "models"


def is_view_file(path: Path) -> bool:
    return path.name == "views.py" or path.parent.name == "views"


def base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript):  # models.QuerySet["Mote"]
        return base_name(node.value)
    return ""


def defines_for_user(cls: ast.ClassDef) -> bool:
    return any(
        isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == "for_user"
        for item in cls.body
    )


def is_kommune_fk(value: ast.expr) -> bool:
    """``models.ForeignKey(Kommune, ...)`` / ``ForeignKey("kommuner.Kommune", ...)``."""
    if not isinstance(value, ast.Call):
        return False
    if base_name(value.func) not in {"ForeignKey", "OneToOneField"}:
        return False
    target = value.args[0] if value.args else None
    for keyword in value.keywords:
        if keyword.arg == "to":
            target = keyword.value
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        return target.value.split(".")[-1] == "Kommune"
    return target is not None and base_name(target) == "Kommune"


def kommune_bound_models(root: Path) -> set[str]:
    """Dotted names (``investering.models.Mote``) of the kommune-bound models."""
    classes: list[tuple[str, ast.ClassDef]] = []
    for path in python_files(root):
        if is_models_file(path):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            module = module_name(path, root)
            if path.parent.name == "models" and path.name != "__init__.py":
                # A models package imports every model: its name is the package's
                # (``tilskudd.models.Soknad``), as every import outside writes it.
                module = module.rsplit(".", 1)[0]
            classes += [(module, n) for n in tree.body if isinstance(n, ast.ClassDef)]

    # Querysets and managers with for_user, and their subclasses (by class name).
    bound_querysets = {"KommuneDataQuerySet"}
    changed = True
    while changed:
        changed = False
        for _module, cls in classes:
            if cls.name in bound_querysets:
                continue
            bases = {base_name(b) for b in cls.bases}
            for base in cls.bases:  # BaseUserManager.from_queryset(XQuerySet)
                if isinstance(base, ast.Call):
                    bases |= {base_name(a) for a in base.args}
            if defines_for_user(cls) or bases & bound_querysets:
                bound_querysets.add(cls.name)
                changed = True

    bound = set()
    for module, cls in classes:
        for item in cls.body:
            if not isinstance(item, ast.Assign):
                continue
            names = {base_name(t) for t in item.targets}
            used = {base_name(n) for n in ast.walk(item.value) if isinstance(n, ast.expr)}
            if ("kommune" in names and is_kommune_fk(item.value)) or (
                names & MANAGERS and used & bound_querysets
            ):
                bound.add(f"{module}.{cls.name}")
    return bound - SHARED


class ViewChecker:
    def __init__(self, path: Path, root: Path, bound: set[str]):
        self.path = path
        self.module = module_name(path, root)
        self.source = path.read_text(encoding="utf-8")
        self.lines = self.source.splitlines()
        self.tree = ast.parse(self.source, filename=str(path))
        self.bound = bound
        self.bound_short = {name.rsplit(".", 1)[1] for name in bound}
        self.names: dict[str, str] = {}  # local name -> dotted name it was imported as
        self.collect_imports()

    def resolve(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = self.module.split(".")
        if self.path.name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        return ".".join(package + ([node.module] if node.module else []))

    def collect_imports(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                source = self.resolve(node)
                for alias in node.names:
                    self.names[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.names[alias.asname] = alias.name
                    else:
                        self.names[alias.name.split(".")[0]] = alias.name.split(".")[0]

    def dotted(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return self.names.get(node.id, f"{self.module}.{node.id}")
        if isinstance(node, ast.Attribute):
            return f"{self.dotted(node.value)}.{node.attr}"
        return ""

    def is_bound_model(self, node: ast.expr) -> bool:
        name = self.dotted(node)
        if name in self.bound:
            return True
        # A model seen through something unresolved (a re-export): go by its class name.
        resolved = name.rsplit(".", 1)[0].endswith("models")
        return not resolved and base_name(node) in self.bound_short

    def is_access_helper(self, call: ast.Call) -> bool:
        if base_name(call.func) == "for_user":
            return True
        parts = self.dotted(call.func).split(".")
        return "access" in parts[:-1]

    def fetches(self, root: ast.AST):
        """Yield (node, model) for each kommune-bound fetch in ``root``."""
        for node in ast.walk(root):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in MANAGERS
                and self.is_bound_model(node.value)
            ):
                yield node, base_name(node.value)
            elif (
                isinstance(node, ast.Call)
                and base_name(node.func) in FETCH_FUNCTIONS
                and node.args
                and isinstance(node.args[0], ast.Name | ast.Attribute)
                and self.is_bound_model(node.args[0])
            ):
                yield node, base_name(node.args[0])

    def marked(self, statement: ast.stmt, root: ast.AST) -> bool:
        last = getattr(root, "end_lineno", None) or statement.lineno
        return any(MARK in line for line in self.lines[statement.lineno - 1 : last])

    def check(self) -> list[Violation]:
        violations = []
        for statement in ast.walk(self.tree):
            if not isinstance(statement, ast.stmt):
                continue
            # Only the statement's own expressions: a compound statement's body is
            # made of statements that are checked on their own.
            for field, value in ast.iter_fields(statement):
                if field in {"body", "orelse", "finalbody", "handlers", "cases"}:
                    continue
                for root in value if isinstance(value, list) else [value]:
                    if isinstance(root, ast.AST):
                        violations += self.check_expression(statement, root)
        return sorted(violations, key=lambda v: v.line)

    def check_expression(self, statement: ast.stmt, root: ast.AST) -> list[Violation]:
        found = list(self.fetches(root))
        if not found or self.marked(statement, root):
            return []
        calls = (n for n in ast.walk(root) if isinstance(n, ast.Call))
        if any(self.is_access_helper(call) for call in calls):
            return []
        return [
            Violation(
                self.path,
                node.lineno,
                f"{model} fetched without for_user() or an access helper "
                f"(mark a reviewed exception with '{MARK} <reason>')",
            )
            for node, model in found
        ]


def check(root: Path) -> list[Violation]:
    root = root.resolve()
    bound = kommune_bound_models(root)
    violations = []
    for path in python_files(root):
        if is_view_file(path):
            violations += ViewChecker(path, root, bound).check()
    return [Violation(v.path.relative_to(root), v.line, v.message) for v in violations]


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    violations = check(root)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} brudd på tilgangsregelen (se tools/sjekk_tilgang.py).")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
