"""core.csv_chunks: cutting a csv into whole-record byte ranges for parallel parsing.

The reference is always the sequential reader: `csv.reader` over the whole decoded file.
Chunks must concatenate back to the file's bytes after the skipped header records, each
chunk must read (on its own) as exactly `chunk.records` records, and those records, at
their indexes `first_record + i`, must be the sequential reader's records.
"""

from __future__ import annotations

import csv
import io
import pickle

import pytest
from hypothesis import currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from breakzero.core import csv_chunks
from breakzero.core.csv_chunks import Chunk, CsvStream, NotSplittable, chunks, dialect_options
from breakzero.core.sheets import Column, open_sheet

PROPERTY = settings(database=None, deadline=None, max_examples=500)
EXCEL = dialect_options(csv.excel)
COLUMNS = (Column("number", "申请号"), Column("title", "发明名称"), Column("applicant", "申请人", required=False))

# Pieces of cell text: everything csv.writer must quote (delimiter, quote, line breaks) plus
# Chinese (3-byte UTF-8, 2-byte GB18030) and a 4-byte character in both encodings.
LF_TOKENS = ("a", "Z9", " ", ",", '"', "\n", "\t", ";", "中", "文字", "湖南", "（）", "𠀀", "€", "'")
CRLF_TOKENS = (*LF_TOKENS, "\r\n")


def _rows(tokens: tuple[str, ...]) -> st.SearchStrategy[list[list[str]]]:
    cell = st.lists(st.sampled_from(tokens), max_size=6).map("".join)
    return st.lists(st.lists(cell, max_size=5), min_size=1, max_size=30)  # [] is a blank row


# ---------------------------------------------------------------- helpers


def _write(rows: list[list[str]], *, lineterminator: str = "\n", delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=lineterminator, delimiter=delimiter)
    writer.writerows(rows)
    return buffer.getvalue()


def _stream(data: bytes, encoding: str = "utf-8-sig", *, dialect: dict | None = None, prefix: bytes = b"",
            suffix: bytes = b"", lone_cr: bool = False) -> CsvStream:  # fmt: skip
    handle = io.BytesIO(prefix + data + suffix)
    return CsvStream(handle, len(prefix), len(data), encoding, dict(dialect or EXCEL), lone_cr=lone_cr)


def _reference(text: str, dialect: dict) -> list[list[str]]:
    """Every record of the whole file, as the sequential reader reads it."""
    return list(csv.reader(io.StringIO(text, newline=""), **dialect))


def _chunk_records(chunk: Chunk, stream: CsvStream) -> list[list[str]]:
    return list(csv.reader(io.StringIO(chunk.data.decode(stream.text_encoding), newline=""), **stream.dialect))


def _check(stream: CsvStream, data: bytes, text: str, *, skip: int, block: int) -> list[Chunk]:
    """Assert every chunk invariant against the sequential reader; return the chunks."""
    pieces = list(chunks(stream, skip_records=skip, block_bytes=block))
    expected = _reference(text, stream.dialect)

    joined = b"".join(c.data for c in pieces)
    bom = len(csv_chunks.BOM) if stream.encoding.startswith("utf-8") and data.startswith(csv_chunks.BOM) else 0
    assert data.endswith(joined)  # the data after the skipped records, byte for byte...
    header = data[bom : len(data) - len(joined)]
    assert _reference(header.decode(stream.text_encoding), stream.dialect) == expected[:skip]  # ...and no more

    got: list[tuple[int, list[str]]] = []
    next_record = skip
    for piece in pieces:
        assert piece.data, "no empty chunks"
        assert piece.first_record == next_record, "chunks are contiguous in record numbers"
        records = _chunk_records(piece, stream)
        assert len(records) == piece.records
        got.extend((piece.first_record + i, record) for i, record in enumerate(records))
        next_record += piece.records
    assert got == list(enumerate(expected))[skip:]
    if currently_in_test_context():
        event(f"chunks: {min(len(pieces), 4)}{'+' if len(pieces) >= 4 else ''}")
    return pieces


def _encode(text: str, encoding: str, bom: bool) -> bytes:
    raw = text.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    return csv_chunks.BOM + raw if bom and encoding == "utf-8-sig" else raw


# ---------------------------------------------------------------- properties

ENCODINGS = st.sampled_from(["utf-8-sig", "gb18030"])
BLOCKS = st.one_of(st.integers(16, 32), st.integers(16, 256), st.integers(16, 4096))  # mostly many blocks per file


@PROPERTY
@given(rows=_rows(LF_TOKENS), block=BLOCKS, data=st.data(), encoding=ENCODINGS, bom=st.booleans())
def test_chunks_random_lf_csv_any_block_size_matches_sequential_reader(rows, block, data, encoding, bom) -> None:
    """No carriage return anywhere: every cut must be exact (prefix/suffix bytes around the
    file in the handle must be ignored)."""
    text = _write(rows, lineterminator="\n")
    skip = data.draw(st.integers(0, min(3, len(rows))), label="skip")
    raw = _encode(text, encoding, bom)
    stream = _stream(raw, encoding, prefix=b'junk,"\n', suffix=b'\ntrailing " junk')
    _check(stream, raw, text, skip=skip, block=block)


@PROPERTY
@given(rows=_rows(CRLF_TOKENS), block=BLOCKS, data=st.data(), encoding=ENCODINGS,
       bom=st.booleans(), terminator=st.sampled_from(["\r\n", "\n"]))  # fmt: skip
def test_chunks_random_crlf_csv_any_block_size_matches_sequential_reader_or_known_refusal(
    rows, block, data, encoding, bom, terminator
) -> None:
    """CR LF line ends and CR LF inside quoted cells, reads ending anywhere (also between the
    \\r and \\n of a pair: that is not a lone carriage return)."""
    text = _write(rows, lineterminator=terminator)
    skip = data.draw(st.integers(0, min(3, len(rows))), label="skip")
    raw = _encode(text, encoding, bom)
    _check(_stream(raw, encoding), raw, text, skip=skip, block=block)


@PROPERTY
@example(rows=[["a"], ["bcdefghijklm"], ["xyz"]], block=16, skip=0)  # the first read ends on record 2's \r
@given(rows=_rows(CRLF_TOKENS), block=BLOCKS, skip=st.integers(0, 1))
def test_chunks_random_crlf_csv_any_block_size_never_refused(rows, block, skip) -> None:
    text = _write(rows, lineterminator="\r\n")  # csv.writer's default, and Excel's
    raw = text.encode("utf-8")
    _check(_stream(raw), raw, text, skip=min(skip, len(rows)), block=block)


# ---------------------------------------------------------------- concrete files


def _sheet(raw: bytes):
    return open_sheet(io.BytesIO(raw), COLUMNS, max_bytes=10_000_000, max_rows=100_000)


def test_chunks_utf8_bom_title_row_records_line_up_with_sheet_rows() -> None:
    rows = [["2024年度发明专利清单", "", ""], ["申请号", "发明名称", "申请人"]]
    rows += [[f"CN2024100{i:05d}", f"一种\"多行\"\n名称,第{i}号", "湖南某某科技有限公司"] for i in range(40)]
    rows += [[], ["CN202410099999", "末行", ""]]
    raw = csv_chunks.BOM + _write(rows, lineterminator="\n").encode("utf-8")
    sheet = _sheet(raw)
    stream = sheet.csv_stream
    assert stream is not None and stream.encoding == "utf-8-sig" and not stream.lone_cr
    assert sheet.header_row == 2 and sheet.first_data_row == 3

    saved = stream.handle.tell()  # as the importer does: chunk, then give the reader its position back
    pieces = list(chunks(stream, skip_records=sheet.first_data_row - 1, block_bytes=64))
    stream.handle.seek(saved)
    sequential = [(sheet.first_data_row + offset, list(raw_row)) for offset, raw_row in enumerate(sheet.rows)]

    assert len(pieces) > 5
    assert not pieces[0].data.startswith(csv_chunks.BOM)
    parallel = [(c.first_record + i + 1, rec) for c in pieces for i, rec in enumerate(_chunk_records(c, stream))]
    assert parallel == sequential  # same records, same 1-based row numbers (blank row counted)
    assert sequential[0] == (3, rows[2])
    assert b"".join(c.data for c in pieces) == raw[3 + len("2024年度发明专利清单,,\n申请号,发明名称,申请人\n".encode()) :]


def test_chunks_gb18030_file_cuts_on_record_boundaries() -> None:
    rows = [["申请号", "发明名称", "申请人"]]
    rows += [[f"CN{i:012d}", "一种锂电池正极材料€𠀀" * (i % 3 + 1), "长沙\"某某\"有限公司"] for i in range(50)]
    rows += [[f"CN9{i:011d}", "无引号的名称", "株洲某某公司"] for i in range(50)]
    text = _write(rows, lineterminator="\n")
    raw = text.encode("gb18030")
    sheet = _sheet(raw)
    stream = sheet.csv_stream
    assert stream.encoding == "gb18030" and stream.text_encoding == "gb18030"
    for block in (16, 50, 333, 4096):
        _check(stream, raw, text, skip=sheet.first_data_row - 1, block=block)


def test_chunks_crlf_without_quotes_one_record_per_line() -> None:
    """Block sizes whose reads never end between \\r and \\n (that case: the test below)."""
    lines = [f"CN{i:012d},名称{i:02d},申请人{i:02d}" for i in range(30)]
    text = "申请号,发明名称,申请人\r\n" + "\r\n".join(lines) + "\r\n"
    raw = text.encode("utf-8")
    record = len(lines[0].encode()) + 2  # every data record has the same length
    header = len("申请号,发明名称,申请人\r\n".encode())
    stream = _stream(raw)
    pieces = _check(stream, raw, text, skip=1, block=record * 4)
    assert [p.records for p in pieces] == [4] * 7 + [2]
    assert [p.first_record for p in pieces] == list(range(1, 31, 4))
    whole = _check(stream, raw, text, skip=1, block=len(raw))
    assert len(whole) == 1 and whole[0].records == 30 and len(whole[0].data) == len(raw) - header


def test_chunks_crlf_pair_split_between_reads_not_refused() -> None:
    raw = b"a\r\nbcd\r\nxyz\r\n"  # block 6: reads b"a\r\nbcd" (chunk b"a\r\n" yielded), then b"\r\nxyz\r"
    pieces = _check(_stream(raw), raw, raw.decode(), skip=0, block=6)
    assert len(pieces) >= 2


def test_chunks_last_line_without_newline_counted() -> None:
    plain = "申请号,名称\nCN1,甲\nCN2,乙\nCN3,丙"
    quoted = 'h1,h2\n"a\nb",1\nc,"d,e"\n"最后""一行""",x'
    for text in (plain, quoted):
        raw = text.encode("utf-8")
        for block in (1, 5, 16, 4096):
            pieces = _check(_stream(raw), raw, text, skip=1, block=block)
            assert sum(p.records for p in pieces) == 3
            assert not pieces[-1].data.endswith(b"\n")


def test_chunks_record_longer_than_block_kept_whole() -> None:
    long_cell = "第一行\n" + "很长的内容," * 60 + "\n" + '"引号"' + "\n最后"
    rows = [["h1", "h2"], ["short", "1"], ["x", long_cell], ["after", "2"]]
    text = _write(rows, lineterminator="\n")
    raw = text.encode("utf-8")
    assert len(long_cell.encode()) > 16 * 20
    pieces = _check(_stream(raw), raw, text, skip=1, block=16)
    holder = [p for p in pieces if ("很长的内容," * 60).encode() in p.data]
    assert len(holder) == 1 and holder[0].data.startswith(b'x,"') and holder[0].first_record == 2


def test_chunks_skip_all_records_yields_nothing() -> None:
    raw = "h1,h2\n".encode()
    assert list(chunks(_stream(raw), skip_records=1, block_bytes=16)) == []


def test_chunks_tab_delimited_file_sniffed_dialect() -> None:
    rows = [["申请号", "发明名称", "申请人"]]
    rows += [[f"CN{i:012d}", f"名称,含逗号{i}", "甲公司,乙公司" if i % 2 else "丙\t公司"] for i in range(60)]
    text = _write(rows, lineterminator="\n", delimiter="\t")
    raw = text.encode("utf-8")
    sheet = _sheet(raw)
    stream = sheet.csv_stream
    assert stream.dialect["delimiter"] == "\t"
    pieces = _check(stream, raw, text, skip=sheet.first_data_row - 1, block=100)
    assert _chunk_records(pieces[0], stream)[0] == rows[1]


# ---------------------------------------------------------------- refusals


def test_chunks_lone_cr_file_from_open_sheet_not_splittable() -> None:
    raw = "申请号,发明名称\rCN1,甲\rCN2,乙\r".encode()
    sheet = _sheet(raw)
    assert sheet.csv_stream.lone_cr
    assert [r for r in sheet.rows] == [["CN1", "甲"], ["CN2", "乙"]]  # the sequential reader copes
    with pytest.raises(NotSplittable):
        next(chunks(sheet.csv_stream, skip_records=sheet.first_data_row - 1))


def test_chunks_lone_cr_inside_quoted_cell_from_open_sheet_not_splittable() -> None:
    raw = _write([["申请号", "发明名称"], ["CN1", "甲\r乙"], ["CN2", "丙"]], lineterminator="\r\n").encode()
    sheet = _sheet(raw)
    assert sheet.csv_stream.lone_cr
    with pytest.raises(NotSplittable):
        next(chunks(sheet.csv_stream, skip_records=1))


def test_chunks_lone_cr_flag_not_splittable_before_reading() -> None:
    raw = b"h\nCN1,a\nCN2,b\n"  # the flag alone refuses, whatever the bytes
    stream = _stream(raw, lone_cr=True)
    with pytest.raises(NotSplittable):
        next(chunks(stream, skip_records=0))


def test_chunks_lone_cr_in_data_unflagged_not_splittable() -> None:
    raw = b"h1,h2\nCN1,a\rCN2,b\n"
    with pytest.raises(NotSplittable):
        list(chunks(_stream(raw), skip_records=1, block_bytes=4096))


def test_open_sheet_crlf_split_across_detection_reads_not_lone_cr() -> None:
    """_stream_encoding reads 1 MiB at a time: a CR LF pair across two reads is still a pair."""
    line = "CN000000000000,一种名称,湖南某某有限公司\r\n"
    head = "申请号,发明名称,申请人\r\n"
    head += line * (((1 << 20) - 200) // len(line.encode()))
    pad = (1 << 20) - 5 - len(head.encode())  # "CN" + pad + ",x" puts its \r on the last byte of read 1
    raw = (head + f"CN{'0' * pad},x\r\n" + line * 10).encode()
    assert raw[(1 << 20) - 1 : (1 << 20) + 1] == b"\r\n"
    sheet = _sheet(raw)
    assert not sheet.csv_stream.lone_cr
    assert _sheet(raw[:-1]).csv_stream.lone_cr  # ends on a lone \r


def test_chunks_header_region_past_limit_not_splittable(monkeypatch) -> None:
    monkeypatch.setattr(csv_chunks, "MAX_HEADER_BYTES", 64)
    text = _write([["标题\n" * 30], ["h1", "h2"], ["a", "b"]] + [["c", "d"]] * 40, lineterminator="\n")
    with pytest.raises(NotSplittable):
        next(chunks(_stream(text.encode()), skip_records=2, block_bytes=16))


# ---------------------------------------------------------------- small parts


def test_csv_stream_text_encoding_bom_dropped() -> None:
    assert _stream(b"", "utf-8-sig").text_encoding == "utf-8"
    assert _stream(b"", "gb18030").text_encoding == "gb18030"


def test_dialect_options_sniffed_dialect_picklable_reader_kwargs() -> None:
    sniffed = csv.Sniffer().sniff("a;b;c\n1;2;3\n", delimiters=",\t;|")
    options = dialect_options(sniffed)
    assert options["delimiter"] == ";" and options["quotechar"] == '"'
    assert set(options) <= set(csv_chunks.DIALECT_FIELDS)
    assert pickle.loads(pickle.dumps(options)) == options  # sent to worker processes
    assert list(csv.reader(io.StringIO("x;y\n"), **options)) == [["x", "y"]]
    assert dialect_options(csv.excel_tab)["delimiter"] == "\t"
