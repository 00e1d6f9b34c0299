"""loaders.cell_references finds exactly what the regexes it replaced found (the size check's references and row
tags), on hand-made XML with known answers and on hypothesis-made byte soup built from the tricky pieces."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.cell_references import largest_reference, row_tags
from loaders.workbook_size import column_number

# The size check as it was before numpy: the reference every answer here is held to.
REFERENCE = re.compile(rb'\sr="([A-Za-z]{0,3})(\d{1,9})"')
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def regex_largest(text: bytes) -> tuple[int, int]:
    rows = columns = 0
    for letters, number in REFERENCE.findall(text):
        rows = max(rows, int(number))
        if letters:
            columns = max(columns, column_number(letters.decode("ascii")))
    return rows, columns


def test_the_corner_cell_of_a_sheet_is_found():
    text = b'<row r="7"><c r="B7" t="n"><v>1</v></c><c r="XFD1048576"/></row>'
    # XFD: 24 * 676 + 6 * 26 + 4 = 16384, Excel's last column.
    assert largest_reference(text) == (1_048_576, 16_384)


def test_what_is_not_a_reference_is_skipped():
    text = (
        b'<c r="ABCD5"/>'  # four letters
        b'<c r="A1234567890"/>'  # ten digits
        b'<c r:id="A9999"/>'  # a prefixed attribute
        b'<c xr="Z99"/>'  # no whitespace before r
        b'<c r="C"/>'  # no digits
        b'<c r="b12"/>'  # lower case counts: column 2, row 12
        b'<c\tr="AA3"'  # a tab before r, the last byte the quote: column 27, row 3
    )
    assert largest_reference(text) == (12, 27)


def test_a_reference_cut_at_the_end_is_not_counted():
    assert largest_reference(b'<c r="A5"/><c r="Z70') == (5, 1)
    assert largest_reference(b"") == (0, 0)
    assert largest_reference(b'r="') == (0, 0)
    assert largest_reference(b' r="') == (0, 0)


def test_leading_zeros_count_by_value():
    assert largest_reference(b'<c r="A000000009"/><c r="A12"/>') == (12, 1)


def test_row_tags_are_counted_from_the_start_given():
    text = b'<row r="1"><row>\n<row/><rowBreaks/><x:row r="4"><row\n'
    assert row_tags(text, 0) == 5  # <rowBreaks is not a row; the prefixed one is; the last ends in a newline
    assert row_tags(text, 1) == 4
    assert row_tags(b"<row><row ><row", 0) == 2  # the last is cut before its end


PIECES = [b" ", b"\t", b"\n", b"\x0b", b"r", b"=", b'"', b"A", b"z", b"0", b"9", b'r="', b' r="', b"<", b"row",
          b":", b">", b"/", b"x", b"\xe4", b"_"]  # fmt: skip
# Something shaped like a reference: what stands before r=", letters, digits, and a closing quote or not.
REFERENCE_LIKE = st.tuples(
    st.sampled_from([b" ", b"\t", b"\r", b"\x0c", b"x", b":", b"", b'"']),
    st.text("AbXz", max_size=5).map(str.encode),
    st.one_of(  # the lengths at the edges (9 digits, 10) and any other
        st.sampled_from([b"000000009", b"123456789", b"1234567890", b"99999999999"]),
        st.text("0123456789", max_size=11).map(str.encode),
    ),
    st.sampled_from([b'"', b"", b"/", b'"/>']),
).map(lambda parts: parts[0] + b'r="' + parts[1] + parts[2] + parts[3])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), REFERENCE_LIKE), max_size=60))
def test_same_answers_as_the_regexes(pieces):
    text = b"".join(pieces)
    assert largest_reference(text) == regex_largest(text)
    for start in (0, len(text) // 2):
        assert row_tags(text, start) == len(ROW_TAG.findall(text, start))
