"""The applicants of a patent row's cell, worked out once per distinct cell and name.

RowParser's memo caches (split from patents/parsing.py): a name's key, class, branch parent and
attribution without a credit code, and its COPY text tail. Django-free.
"""

from __future__ import annotations

from typing import NamedTuple

from breakzero.core.copy_text import NULL
from breakzero.patents.cells import APPLICANT_SEPARATORS
from breakzero.patents.lookup import Lookup, attribute
from breakzero.rules.names import branch_parent_name, classify_applicant, normalize_company_name

# The rules' name key without its LRU (RowParser._names keeps each distinct name once; with
# 10^5 names the LRU adds a miss and an eviction per name). Same function, same key.
_normalize = getattr(normalize_company_name, "__wrapped__", normalize_company_name)
_SEPARATOR_CHARS = frozenset(";；、|\n")  # what cells.APPLICANT_SEPARATORS splits on
CELL_CACHE = 1_000_000


class NameInfo(NamedTuple):
    name: str  # as in the file (≤ 200 characters)
    key: str  # normalize_company_name
    klass: str  # classify_applicant
    branch: str  # the parent's key of a branch (…分公司), else ""
    attributed: tuple[int | None, str, str]  # lookup.attribute without a credit code
    copy_tail: str  # the applicant's last staging columns as COPY text (clean names only)


class ApplicantNames:
    """RowParser's applicant caches; the parser sets `lookup`, `_names` and `_cells`."""

    lookup: Lookup
    _names: dict[str, NameInfo]
    _cells: dict[str, tuple[NameInfo, ...]]

    def _cell_names(self, cell: str) -> tuple[NameInfo, ...]:
        """The applicants of a cleaned cell, cached (a cell is worked out once per parser)."""
        if len(self._cells) > CELL_CACHE:
            self._cells.clear()  # bounded memory on million-row files
        if cell and _SEPARATOR_CHARS.isdisjoint(cell):
            names: tuple[NameInfo, ...] = (self._name_info(cell),)  # one name: what the split gives
        else:
            names = tuple(self._name_info(n) for n in APPLICANT_SEPARATORS.split(cell) if n)
        self._cells[cell] = names
        return names

    def _name_info(self, name: str) -> NameInfo:
        """Everything about one applicant name (cached: names repeat across a file)."""
        info = self._names.get(name)
        if info is None:
            full_key = _normalize(name)
            key = full_key[:200]
            branch = (branch_parent_name(key) or "") if key.endswith("分公司") else ""
            klass = classify_applicant(name, key=full_key)
            attributed = attribute(key=key, branch_parent=branch, uscc="", applicant_class=klass, lookup=self.lookup)
            enterprise_id, method, kind = attributed
            tail = f"{name[:200]}\t{key}\t\t{NULL if enterprise_id is None else enterprise_id}\t{method}\t{kind}\n"
            info = NameInfo(name[:200], key, klass, branch, attributed, tail)
            if len(self._names) > CELL_CACHE:
                self._names.clear()
            self._names[name] = info
        return info
