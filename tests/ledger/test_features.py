"""What linking compares: people's names, key phrases and addresses read from a report."""

from __future__ import annotations

from tollwatch.ledger.features import clean_title, key_phrases, person_names

TEXT = (
    "RIVERTON - Police identified the victim as Dana M. Whitlock, 34, of Riverton. A second man, "
    "Marcus Lee Tate Jr., 19, was treated at Mercy General Hospital and released. Officers were "
    "called to the 1400 block of West Kessler Avenue at 11:40 p.m. Saturday. Separately, Corey "
    "Banks, aged 27, was charged. Anyone with information can call Riverton Crime Stoppers. "
    "The shooting happened near 220 N. Marlowe Street, said Chief Alma Ruiz, 52."
)


def test_names_come_with_an_age_or_an_introduction() -> None:
    assert person_names(TEXT) == {
        "dana m. whitlock",
        "marcus lee tate",
        "corey banks",
        "chief alma ruiz",  # a title before a name is read as part of it (up to three words)
    }


def test_an_age_without_a_name_before_it_gives_no_name() -> None:
    assert person_names("Police said the boy, 9, was hurt and a woman, 41, was not.") == set()
    assert person_names("Officers found Nia Cole, who is 23, at home.") == set()


def test_addresses_and_key_phrases() -> None:
    phrases = key_phrases(TEXT)
    assert "1400 block of west kessler avenue" in phrases
    assert "220 n. marlowe street" in phrases
    assert "mercy general hospital" in phrases
    assert not any(p.startswith("the ") for p in phrases)


def test_a_site_name_is_cut_from_the_title() -> None:
    assert clean_title("Two hurt in Riverton shooting - Local News - Riverton Courier") == (
        "Two hurt in Riverton shooting"
    )


def test_names_phrases_and_addresses_start_at_a_word_boundary() -> None:
    # the patterns are searched without their leading \b and the boundary checked after:
    # a cue or a capital inside a word starts nothing, and the search goes on inside it
    assert person_names("He was renamed John Smith by friends.") == set()
    assert person_names("Police named John Smith, 24, as the victim.") == {"john smith"}
    assert key_phrases(
        "The xMain Street Gang met at 1400 block of West Main Street near 42nd Street Station."
    ) == {
        "street gang",
        "west main street",
        "1400 block of west main street",
        "42nd street station",
    }
    assert key_phrases("McDonald Park and a1400 Main Street") == {"mcdonald park", "main street"}
