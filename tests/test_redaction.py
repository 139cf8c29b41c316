import pytest

from bot.redaction import redact

IDENTIFIERS = [
    ("my V-number is 1234567890", "1234567890", "id_number"),
    ("mijn bsn is 123 456 782", "123 456 782", "id_number"),
    ("call me on +31 6 12345678 please", "+31 6 12345678", "phone"),
    ("bel me op 06-12345678", "06-12345678", "phone"),
    ("mail ali.k@example.org", "ali.k@example.org", "email"),
    ("IBAN NL91ABNA0417164300", "NL91ABNA0417164300", "iban"),
    ("I was born on 3 July 1990", "3 July 1990", "date_of_birth"),
    ("geboren op 12-03-1995", "12-03-1995", "date_of_birth"),
    ("geboortedatum: 1995-03-12", "1995-03-12", "date_of_birth"),
    ("passport number NW92BD8C1", "NW92BD8C1", "document_number"),
]


@pytest.mark.parametrize("text, raw, kind", IDENTIFIERS)
def test_identifiers_are_replaced(text, raw, kind):
    result = redact(text)
    assert raw not in result.text
    assert kind in result.kinds


@pytest.mark.parametrize(
    "text",
    [
        "I registered on 3 July 2026",
        "ik heb me op 03-07-2026 gemeld",
        "the 21 days limit in 2026",
        "hoe lang duurt het, 6 maanden?",
        "can I work after 6 months?",
        "",
        "😀 مرحبا كيف حالك",
    ],
)
def test_general_text_is_left_alone(text):
    result = redact(text)
    assert result.text == text
    assert not result.found


def test_surrounding_words_are_kept():
    result = redact("my number is 0612345678, can I work?")
    assert result.text == "my number is [phone number], can I work?"
