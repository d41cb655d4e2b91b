"""Tests for breakzero.rules.text: the fast paths give exactly what the reference scans give."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.text import _remove_invisible_slow, remove_invisible

PROPERTY = settings(database=None, deadline=None, max_examples=500)
# Characters the clean-up treats specially, mixed with ordinary CJK and ASCII text.
TRICKY = st.sampled_from(
    list(" \t\n\r\u3000\u00a0\u2002\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2028\u0085")
    + list("湖南某科技有限公司abcXYZ019（）()【】·•・-\u0301\u0300")
)
NAMES = st.text(alphabet=st.one_of(TRICKY, st.characters()), max_size=40)


@PROPERTY
@given(text=NAMES)
def test_remove_invisible_any_text_equals_reference_scan(text: str) -> None:
    assert remove_invisible(text) == _remove_invisible_slow(text)


def test_remove_invisible_printable_fast_path_only_whitespace_is_ascii_space() -> None:
    # The fast path relies on this: no printable character other than U+0020 is
    # whitespace or a format character, on this Python's Unicode version.
    printable_invisible = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if c.isprintable() and (c.isspace() or unicodedata.category(c) == "Cf")
    ]
    assert printable_invisible == [" "]


def test_remove_invisible_spaces_and_zero_width_gives_bare_text() -> None:
    assert remove_invisible(" 湖南 某某\u200b科技\u3000有限公司\n") == "湖南某某科技有限公司"
