"""Unicode normalisation: one character for one, final before anything indexes the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tollwatch.read import read_pasted
from tollwatch.read.unicode import normalize, normalize_inline


def test_spaces_quotes_and_hyphens_become_plain_one_for_one() -> None:
    s = "At\u00a0least \u201818\u2019 were \u201ckilled\u201d \u2010 a\u202fsecond\u2009toll"
    out = normalize(s)
    assert out == "At least '18' were \"killed\" - a second toll"
    assert len(out) == len(s)


def test_windows_1252_control_bytes_are_the_characters_they_stood_for() -> None:
    assert normalize("\x93They took him,\x94 she said. The Bee\x92s reporter \x97 and") == (
        '"They took him," she said. The Bee\'s reporter \u2014 and'
    )


def test_invisible_characters_and_carriage_returns_go() -> None:
    assert normalize("ten\u200b people\u00ad\r\nkilled\rtoday\ufeff") == "ten people\nkilled\ntoday"


def test_inline_fields_are_one_line() -> None:
    assert (
        normalize_inline("  Kazakh\u00a0police\n toll \u2018revealed\u2019 ")
        == "Kazakh police toll 'revealed'"
    )
    assert normalize_inline(None) is None
    assert normalize_inline(" \n ") is None


_PLAIN = st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"])
_SPECIAL = st.sampled_from(["\u00a0", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2026", "\u202f"])


@settings(deadline=None)  # the machine is shared: no per-example time limit
@given(st.lists(st.one_of(_PLAIN, _SPECIAL), max_size=200).map("".join))
def test_normalize_is_idempotent_and_keeps_length_for_visible_text(s: str) -> None:
    import unicodedata

    s = unicodedata.normalize("NFC", s)
    once = normalize(s)
    assert normalize(once) == once
    assert len(once) == len(s)
    assert not any(c in once for c in "\u00a0\u2019\u201c\u201d\u202f")


@settings(deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from("abc XYZ 0123,.\u00a0\u2019\u201c\u201d\u200b-"), min_size=1, max_size=60
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_paragraph_of_the_text_is_a_plain_substring(paragraphs: list[str]) -> None:
    doc = read_pasted("\n\n".join(paragraphs), title="A title that is not in the text at all")
    for para in doc.text.split("\n\n") if doc.text else []:
        start = doc.text.index(para)
        assert doc.text[start : start + len(para)] == para  # offsets into the final string hold
        assert para == para.strip() and "\u00a0" not in para and "\u200b" not in para
