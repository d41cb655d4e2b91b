"""Pure parsing of one patent-export row: number, kind, dates, legal status, applicants.

Django-free and tuned for million-row files: precompiled patterns, memo caches for
dates and names (they repeat a lot), the rules' full parsers only as a fallback.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Sequence
import unicodedata
from typing import Any, NamedTuple

from breakzero.core.copy_text import copy_line, copy_value
from breakzero.core.sheets import cell_text, parse_date
from breakzero.patents.cells import (
    GRANT_DOC, agreeing_kinds, cell_str, compact, map_legal_status, split_usccs,
)
from breakzero.patents.lookup import Lookup, attribute
from breakzero.patents.parse_names import CELL_CACHE, ApplicantNames, NameInfo
from breakzero.rules.errors import InvalidCode
from breakzero.rules.patent_numbers import (
    KIND_BY_TYPE_DIGIT, KIND_LABELS_ZH, kind_agrees, kind_from_label, parse_application_number,
    patent_check_character, patent_check_character_of,
)

_nfkc = unicodedata.normalize

# Characters COPY text must escape (a row holding one takes the generic, escaping formatter).
COPY_SPECIAL = re.compile(r"[\\\t\n\r\x00]")
FAST_NUMBER = re.compile(r"(?:CN|ZL)?(\d{12})\.?([0-9X])")
# Cells `RowParser.fast` reads, in the order it unpacks them.
FAST_KEYS = (
    "application_number", "applicant_usccs", "kind_label", "application_date", "publication_date",
    "grant_date", "applicants", "publication_number", "legal_status", "title", "ipc_main",
)  # fmt: skip
MAX_TITLE = 500


class Applicant(NamedTuple):
    position: int
    name: str
    name_normalized: str
    uscc: str
    applicant_class: str  # classify_applicant: enterprise/person/university/institute/other
    branch_parent: str
    enterprise_id: int | None = None  # lookup.attribute: whom it belongs to, and how
    match_method: str = "none"
    applicant_type: str = ""


class PatentRow(NamedTuple):
    application_number: str
    kind: str
    title: str
    application_date: dt.date | None
    publication_number: str
    publication_date: dt.date | None
    grant_date: dt.date | None
    legal_status: str
    legal_status_raw: str
    ipc_main: str
    applicants: list[Applicant]


class RowParser(ApplicantNames):
    """Parses row dicts (keys = importer column keys) into PatentRow, or raises RowProblems."""

    def __init__(self, lookup: Lookup | None = None) -> None:
        self.lookup = lookup or Lookup()
        self._dates: dict[Any, dt.date | None] = {}
        self._names: dict[str, NameInfo] = {}
        self._statuses: dict[str, str] = {}
        self._labels: dict[str, str | None] = {}
        self._cells: dict[str, tuple[NameInfo, ...]] = {}
        self._index: dict[str, int] = {}
        self._pickers: dict[int, Callable[[Sequence[Any]], tuple]] = {}
        self._iso = _IsoDates()
        self._ipcs: dict[str, str] = {}
        self._label_kinds: dict[str, frozenset[str]] = {}

    def parse(self, values: dict[str, Any]) -> tuple[PatentRow | None, list[tuple[str, str, str]]]:
        """(row, []) or (None, [(column, value, reason), …])."""
        errors: list[tuple[str, str, str]] = []
        number, kind = self._number(values.get("application_number"), errors)
        label = cell_str(values.get("kind_label"))
        if kind and label:
            label_kind = self._labels.get(label, "?")
            if label_kind == "?":
                label_kind = self._labels[label] = kind_from_label(label)
            if label_kind is None:
                errors.append(("专利类型", label, "无法识别的专利类型（应为发明、实用新型或外观设计）"))
            elif not kind_agrees(label_kind, kind):
                errors.append(("专利类型", label, f"与申请号不符：申请号 {number} 表示{KIND_LABELS_ZH[kind]}"))
        dates = [self._date(values.get(key), header, errors) for key, header in _DATE_COLUMNS]
        applicants = self._applicants(values.get("applicants"), values.get("applicant_usccs"), errors)
        if errors:
            return None, errors
        raw_status = cell_str(values.get("legal_status"))[:100]
        publication_number = compact(cell_str(values.get("publication_number")))[:30]
        application_date, publication_date, grant_date = dates
        if grant_date is None and publication_date and GRANT_DOC.match(publication_number):
            grant_date = publication_date  # the 公告 of a B/C/U/S document is the grant announcement
        return PatentRow(
            application_number=number,
            kind=kind,
            title=cell_str(values.get("title"))[:MAX_TITLE],
            application_date=application_date,
            publication_number=publication_number,
            publication_date=publication_date,
            grant_date=grant_date,
            legal_status=self.status(raw_status),
            legal_status_raw=raw_status,
            ipc_main=compact(cell_str(values.get("ipc_main")).split(";")[0])[:50],
            applicants=applicants,
        ), []

    def fast(self, raw: Sequence[Any], row_no: int) -> list[tuple] | None:
        """Staging tuples for a plain, valid text row; None → use `staged` (errors, odd cells).

        The hot path of million-row files: no dicts, no objects per row, every repeated
        value (dates, statuses, labels, applicant names) parsed once. Gives exactly what
        `staged` gives for the rows it accepts.
        """
        parts = self._fast_parts(raw)
        return None if parts is None else _stage_tuples(row_no, parts)

    def fast_copy(
        self, raw: Sequence[Any], row_no: int, *, clean_text: bool = False
    ) -> tuple[str, str, tuple[NameInfo, ...]] | None:
        """The same rows as `fast`, as PostgreSQL COPY text lines (parallel parsing workers),
        with the application number and the applicants' NameInfo.

        `clean_text`: the caller knows no cell holds a character COPY must escape (see
        chunks.clean_text), which saves the check per row."""
        parts = self._fast_parts(raw, clean_text)
        if parts is None:
            return None
        (number, kind, title, application_date, publication_number, publication_date, grant_date, status,
         status_raw, ipc, names, clean) = parts  # fmt: skip
        if not clean:
            return "".join(map(copy_line, _stage_tuples(row_no, parts))), number, names
        iso = self._iso
        first = (
            f"{row_no}\t{number}\t1\t{len(names)}\t{kind}\t{title}\t{iso[application_date]}\t{publication_number}\t"
            f"{iso[publication_date]}\t{iso[grant_date]}\t{status}\t{status_raw}\t{ipc}\t{names[0].copy_tail}"
        )
        if len(names) == 1:
            return first, number, names
        head = f"{row_no}\t{number}\t"
        rest = "".join(f"{head}{position + 1}{_EMPTY_PATENT}{names[position].copy_tail}" for position in range(1, len(names)))
        return first + rest, number, names

    def staged(self, raw: Sequence[Any], row_no: int) -> tuple[list[tuple], list[tuple[str, str, str]], dict[str, Any]]:
        """Any row: (staging tuples, [], values) or ([], [(column, value, reason), …], values)."""
        values = {key: (raw[index] if index < len(raw) else None) for key, index in self._index.items()}
        patent, errors = self.parse(values)
        if patent is None:
            return [], errors, values
        applicants = patent.applicants
        first = applicants[0]
        rows = [(
            row_no, patent.application_number, 1, len(applicants), patent.kind, patent.title,
            patent.application_date, patent.publication_number, patent.publication_date, patent.grant_date,
            patent.legal_status, patent.legal_status_raw, patent.ipc_main,
            first.name, first.name_normalized, first.uscc, first.enterprise_id, first.match_method,
            first.applicant_type,
        )]  # fmt: skip
        for a in applicants[1:]:
            rows.append((
                row_no, patent.application_number, a.position, None, None, None, None, None, None, None, None,
                None, None, a.name, a.name_normalized, a.uscc, a.enterprise_id, a.match_method, a.applicant_type,
            ))  # fmt: skip
        return rows, [], values

    def _fast_parts(self, raw: Sequence[Any], clean_text: bool = False) -> tuple | None:
        """The parsed values of a plain, valid row, and whether its text needs COPY escaping."""
        picker = self._pickers.get(len(raw))
        if picker is None:
            picker = self._picker(len(raw))
        # One pass over the needed cells, cleaned as `_cell` cleans them (text → stripped,
        # NFKC unless ASCII; other cell types → cell_text); a missing column reads "".
        (text, usccs, label, application_date, publication_date, grant_date, cell, publication_number,
         status_raw, title, ipc) = [
            (v.strip() if v.isascii() else _nfkc("NFKC", v).strip()) if type(v) is str else cell_text(v)
            for v in picker((*raw, ""))
        ]  # fmt: skip
        if usccs or not text.isascii():
            return None
        if len(text) == 14 and text[12] == "." and text[:12].isdigit():  # the usual spelling
            body, check = text[:12], text[13]
        else:
            match = FAST_NUMBER.fullmatch(text.upper().replace(" ", ""))
            if match is None:
                return None
            body, check = match.groups()
        body_number = int(body)
        year = body_number // 100_000_000
        kind = KIND_BY_TYPE_DIGIT.get(body[4])
        if kind is None or not 2003 <= year <= 2099 or patent_check_character_of(body_number) != check:
            return None
        if label:
            agreeing = self._label_kinds.get(label)
            if agreeing is None:
                agreeing = self._label_kinds[label] = agreeing_kinds(label)
            if kind not in agreeing:
                return None
        dates = self._dates
        try:
            application_date = dates[application_date]
            publication_date = dates[publication_date]
            grant_date = dates[grant_date]
        except KeyError:
            return self._fast_parts(raw, clean_text) if self._fill_dates(raw) else None
        names = self._cells.get(cell)
        if names is None:
            names = self._cell_names(cell)
        if not names:
            return None
        publication_number = publication_number.replace(" ", "").upper()[:30]
        if grant_date is None and publication_date and GRANT_DOC.match(publication_number):
            grant_date = publication_date
        status_raw = status_raw[:100]
        status = self._statuses.get(status_raw) or self.status(status_raw)
        clean = clean_text or COPY_SPECIAL.search(f"{title}{publication_number}{status_raw}{ipc}{cell}") is None
        ipc_main = self._ipcs.get(ipc)
        if ipc_main is None:
            if len(self._ipcs) > CELL_CACHE:
                self._ipcs.clear()
            ipc_main = self._ipcs[ipc] = ipc.split(";")[0].replace(" ", "").upper()[:50]
        return (f"{body}.{check}", kind, title[:MAX_TITLE], application_date, publication_number, publication_date,
                grant_date, status, status_raw, ipc_main, names, clean)  # fmt: skip

    def configure(self, mapping: dict[str, int]) -> None:
        """Column positions of the sheet (key → index), for `fast`."""
        self._index = mapping
        self._pickers.clear()

    def _picker(self, width: int) -> Callable[[Sequence[Any]], tuple]:
        """itemgetter of the FAST_KEYS cells for rows of `width` cells padded with one "" (the
        stand-in for a column the sheet lacks or the row is too short for)."""
        indexes = []
        for key in FAST_KEYS:
            index = self._index.get(key)
            indexes.append(index if index is not None and index < width else width)
        self._pickers[width] = picker = operator.itemgetter(*indexes)
        return picker

    def _cell(self, raw: Sequence[Any], key: str) -> str:
        index = self._index.get(key)
        if index is None or index >= len(raw):
            return ""
        value = raw[index]
        if type(value) is not str:
            return cell_text(value)
        return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()

    def _fill_dates(self, raw: Sequence[Any]) -> bool:
        """Parse this row's new date texts into the cache; False when one is invalid."""
        for key in ("application_date", "publication_date", "grant_date"):
            text = self._cell(raw, key)
            if text not in self._dates:
                try:
                    self._dates[text] = parse_date(text)
                except ValueError:
                    return False
        return True

    def status(self, raw: str) -> str:
        """Map a legal-status text (Chinese or our code) to a status; unknown text → 'other'."""
        if not raw:
            return "unknown"
        cached = self._statuses.get(raw)
        if cached is None:
            cached = map_legal_status(raw)
            self._statuses[raw] = cached
        return cached

    def _number(self, value: Any, errors: list) -> tuple[str, str]:
        text = cell_str(value).upper().replace(" ", "")
        match = FAST_NUMBER.fullmatch(text) if text.isascii() else None
        if match:  # the usual spelling, checked without the full parser
            body, check = match.groups()
            kind = KIND_BY_TYPE_DIGIT.get(body[4])
            if kind and 2003 <= int(body[:4]) <= 2099 and patent_check_character(body) == check:
                return f"{body}.{check}", kind
        if not text:
            errors.append(("申请号", "", "申请号不能为空"))
            return "", ""
        try:
            parsed = parse_application_number(text)
        except InvalidCode as exc:
            errors.append(("申请号", text, exc.message_zh))
            return "", ""
        return parsed.number, parsed.kind

    def _date(self, value: Any, header: str, errors: list) -> dt.date | None:
        key = value if not isinstance(value, list) else str(value)
        try:
            return self._dates[key]
        except KeyError:
            pass
        except TypeError:
            key = str(value)
        try:
            parsed = parse_date(value)
        except ValueError as exc:
            errors.append((header, cell_text(value), str(exc)))
            return None
        self._dates[key] = parsed
        return parsed

    def _applicants(self, names_value: Any, usccs_value: Any, errors: list) -> list[Applicant]:
        cell = cell_str(names_value)
        parsed = self._cells.get(cell)
        if parsed is None:
            parsed = self._cell_names(cell)
        if not parsed:
            errors.append(("申请人", "", "申请（专利权）人不能为空"))
            return []
        usccs = split_usccs(usccs_value, len(parsed), errors) if usccs_value else None
        result = []
        for position, info in enumerate(parsed, start=1):
            uscc = usccs[position - 1] if usccs else ""
            attributed = info.attributed if not uscc else attribute(
                key=info.key, branch_parent=info.branch, uscc=uscc, applicant_class=info.klass, lookup=self.lookup
            )  # fmt: skip
            result.append(Applicant(position, info.name, info.key, uscc, info.klass, info.branch, *attributed))
        return result


def _stage_tuples(row_no: int, parts: tuple) -> list[tuple]:
    """Staging tuples (store.STAGE_COLUMNS order) of `_fast_parts`: one per applicant."""
    (number, kind, title, application_date, publication_number, publication_date, grant_date, status,
     status_raw, ipc, names, _) = parts  # fmt: skip
    first = names[0]
    rows = [(row_no, number, 1, len(names), kind, title, application_date, publication_number, publication_date,
             grant_date, status, status_raw, ipc, first.name, first.key, "", *first.attributed)]  # fmt: skip
    for position in range(1, len(names)):
        info = names[position]
        rows.append((row_no, number, position + 1, None, None, None, None, None, None, None, None, None, None,
                     info.name, info.key, "", *info.attributed))  # fmt: skip
    return rows


class _IsoDates(dict):
    """date → its COPY text (None → NULL), computed once per date."""

    def __missing__(self, value: dt.date | None) -> str:
        text = self[value] = copy_value(value)
        return text


_EMPTY_PATENT = "\t\\N" * 10 + "\t"  # n_applicants … ipc_main of a co-applicant's staging row
_DATE_COLUMNS = (
    ("application_date", "申请日"),
    ("publication_date", "公开（公告）日"),
    ("grant_date", "授权公告日"),
)
