"""json_positions: each line is where the element's first character is (found here by a
different route: json.dumps of each element, joined by hand); faults are json.loads's."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.json_positions import ArrayDecodeError, RecordTooDeep, array_fault, array_lines

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    elements=st.lists(values, max_size=8),
    indent=st.sampled_from([None, 1, 2, 4, "\t"]),
    gap=st.sampled_from(["", " ", "\n", "\n\n", " \r\n "]),
)
def test_values_and_lines_match_an_independent_layout(elements, indent, gap) -> None:
    parts = [json.dumps(e, indent=indent) for e in elements]
    text = "[" + gap
    expected_lines = []
    for k, part in enumerate(parts):
        if k:
            text += "," + gap
        expected_lines.append(text.count("\n") + 1)
        text += part
    text += gap + "]" + gap
    json.loads(text)  # valid: the scan accepts what json.loads accepts
    assert list(array_lines(text)) == expected_lines


@pytest.mark.parametrize(
    ("text", "line", "number", "record_line"),
    [
        ('[\n {"a": 1},\n {"a" 2}\n]', 3, 2, 3),  # inside record 2
        ('[{"a": 1}\n {"a": 2}]', 2, 0, 0),  # a comma missing between records
        ('[{"a": 1},\n]', 2, 0, 0),  # a comma too many
        ('[{"a": 1}] {}', 1, 0, 0),  # data after the array
        ('[{"a": 1}, {"a": "b', 1, 2, 1),  # cut short
        ('[{"a": 1},\n\n  nope]', 3, 2, 3),  # not a value
    ],
)
def test_faults_name_their_line_and_record(text, line, number, record_line) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)  # the same texts json.loads refuses
    with pytest.raises(ArrayDecodeError) as info:
        array_lines(text)
    assert (info.value.lineno, info.value.number, info.value.record_line) == (
        line,
        number,
        record_line,
    )
    assert ("in record" in array_fault(info.value)) == bool(number)


def test_too_deep_names_the_record() -> None:
    text = '[{"a": 1},\n\n' + "[" * 50_000 + "]" * 50_000 + "]"
    with pytest.raises(RecordTooDeep) as info:
        array_lines(text)
    assert (info.value.line, info.value.number) == (3, 2)
