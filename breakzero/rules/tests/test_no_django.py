"""Guard (STYLE.md §3, §6): nothing under breakzero/rules imports Django."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parents[1]
REPOSITORY = RULES_DIR.parents[1]
DJANGO_IMPORT = re.compile(r"^\s*(import\s+django\b|from\s+django\b)", re.MULTILINE)

# Imports every rules module in a fresh interpreter and lists any django module loaded.
_IMPORT_ALL = """
import importlib, pkgutil, sys
import breakzero.rules as rules
for module in pkgutil.walk_packages(rules.__path__, "breakzero.rules."):
    if ".tests" not in module.name:
        importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name == "django" or name.startswith("django.")))
"""


def test_rules_sources_no_django_import_statement_found() -> None:
    offenders = [
        str(path.relative_to(RULES_DIR))
        for path in sorted(RULES_DIR.rglob("*.py"))
        if path.name != Path(__file__).name and DJANGO_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_rules_modules_imported_fresh_load_no_django_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL], cwd=REPOSITORY, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
