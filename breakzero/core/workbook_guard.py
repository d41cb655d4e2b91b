"""Bound what an xlsx expands to before it is read: its cells and their text.

The compressed-size guard (sheets._check_zip) does not see a workbook whose thousands of
cells all point to one long shared string: a 26 KB file holds a few kilobytes of XML, yet
reading it materialises the string once per cell (gigabytes). So the parts are streamed
here, never fully decompressed into memory: the length of every shared string from
xl/sharedStrings.xml, then every worksheet's cells, adding the referenced string's length
for a shared-string cell and the sheet's own bytes where it holds inline strings (numbers
and dates are bounded by the cell count). The file is refused as soon as the count of cells
or the expanded text passes its limit. The work is done in C over 1 MB blocks of the
decompressed stream (counts, splits, regular expressions). A block is first bounded by its
shared-string cells × the longest string. Only when that bound could pass the limit are its
references resolved, and then through a Counter of distinct indexes. Django-free.
"""

from __future__ import annotations

import io
import re
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator

BLOCK = 1 << 20
SHARED_STRINGS = "xl/sharedStrings.xml"
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_T = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_SHARED_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\bt=["']s["'][^>]*>\s*<(?:\w+:)?v>\s*(\d+)\s*<""")
_SI_END = re.compile(rb"</(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*/>")


class WorkbookTooLarge(ValueError):
    """The workbook would expand past a limit; the message is for the user."""


def check_expansion(data: bytes, *, max_cells: int, max_expanded_bytes: int) -> None:
    """Raise WorkbookTooLarge when the workbook's cells or expanded text pass the limits.

    Each sheet block is first bounded cheaply (its shared-string cells × the longest shared
    string, counted in C); only while that bound would pass the limit are the block's
    references resolved one distinct index at a time."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        lengths = shared_lengths(archive, max_expanded_bytes) if SHARED_STRINGS in names else array("Q")
        longest = max(lengths, default=0)
        cells = expanded = 0
        for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            for block in _blocks(archive, name, _after_last_cell):
                cells += _cell_count(block)
                inline = len(block) if b"inlineStr" in block else 0  # text held in the sheet itself
                bound = inline + _shared_cell_count(block) * longest
                expanded += bound if expanded + bound <= max_expanded_bytes else inline + _referenced(block, lengths)
                check_totals(cells, expanded, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)


def check_totals(cells: int, expanded: int, *, max_cells: int, max_expanded_bytes: int) -> None:
    """Raise WorkbookTooLarge when the cells or the expanded text counted so far pass a limit."""
    if cells > max_cells:
        raise WorkbookTooLarge(
            f"工作簿单元格过多（超过 {max_cells} 个），已拒绝；请拆分后导入或改用 CSV。"
            f"/ Too many cells (over {max_cells})."
        )
    if expanded > max_expanded_bytes:
        raise WorkbookTooLarge(
            f"工作簿展开后的内容过大（超过 {max_expanded_bytes // 1048576} MB，疑似压缩炸弹），"
            f"已拒绝；请改用 CSV。/ The workbook expands past {max_expanded_bytes // 1048576} MB."
        )


def piece_size(block: bytes, lengths: array) -> tuple[int, int]:
    """Cells and expanded text of a piece of worksheet XML cut between elements: each
    shared-string cell counts its string's bytes (never more than check_expansion counts)."""
    inline = len(block) if b"inlineStr" in block else 0
    shared = inline + _referenced(block, lengths) if _shared_cell_count(block) else inline
    return _cell_count(block), shared


def shared_lengths(archive: zipfile.ZipFile, limit: int) -> array:
    """Bytes of each shared string in index order, markup included (an over-estimate, on the
    safe side): the text between one </si> and the next, measured in C; refused past `limit`
    (WorkbookTooLarge)."""
    lengths = array("Q")
    total = 0
    for block in _blocks(archive, SHARED_STRINGS, _after_last_string):
        if b"</si>" in block and b"<si/>" not in block and b":si>" not in block:
            pieces = block.split(b"</si>")
            lengths.extend(map(len, pieces[:-1]))  # the last piece has no </si> (block tail)
        else:  # prefixed or empty elements: element by element
            lengths.extend(sum(len(t) for t in _T.findall(m.group(1) or b"")) for m in _SI.finditer(block))
        total += len(block)
        if total > limit:
            raise WorkbookTooLarge(
                f"工作簿的共享字符串过大（超过 {limit // 1048576} MB），已拒绝。/ Shared strings too large."
            )
    return lengths


def _cell_count(block: bytes) -> int:
    if b":c " in block or b":c>" in block:  # namespace-prefixed cells (rare): by expression
        return len(_CELL.findall(block))
    return block.count(b"<c ") + block.count(b"<c>")


def _shared_cell_count(block: bytes) -> int:
    return block.count(b't="s"') + block.count(b"t='s'")


def _referenced(block: bytes, lengths: array) -> int:
    """Text bytes the shared-string cells of `block` expand to."""
    counts = Counter(_SHARED_CELL.findall(block))
    size = len(lengths)
    return sum(lengths[int(index)] * n for index, n in counts.items() if int(index) < size)


def _after_last_cell(buffer: bytes) -> int:
    """Offset after the last "c>" (a cell's end tag, any prefix; or a bare <c>, which holds no
    shared-string reference): a shared-string cell is never split between blocks."""
    return buffer.rfind(b"c>") + 2 if b"c>" in buffer else 0


def _after_last_string(buffer: bytes) -> int:
    """Offset after the last whole shared string (</si>; prefixed or empty ones by expression)."""
    if b":si>" not in buffer and b"<si/>" not in buffer:
        return buffer.rfind(b"</si>") + 5 if b"</si>" in buffer else 0
    last = None
    for last in _SI_END.finditer(buffer):
        pass
    return last.end() if last else 0


def _blocks(archive: zipfile.ZipFile, name: str, cut: Callable[[bytes], int]) -> Iterator[bytes]:
    """The member's decompressed bytes in ~1 MB blocks, each ending at `cut` (after a whole
    element), so no element the regular expressions look for is split between blocks."""
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(BLOCK):
            buffer = tail + chunk
            end = cut(buffer)
            if end <= 0 and len(buffer) <= 64 * BLOCK:
                tail = buffer
                continue
            end = end if end > 0 else len(buffer)  # one element this big: count it as it is
            yield buffer[:end]
            tail = buffer[end:]
    if tail:
        yield tail
