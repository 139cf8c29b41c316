"""action_procedure_steps through the trained model: the default track, the entity shortcut, the form with
buttons, the date path and each kind of bad input."""
import pytest

pytestmark = pytest.mark.model


def all_text(replies):
    return "\n".join(m.get("text", "") for m in replies)


def payloads(replies):
    return [b["payload"] for m in replies for b in m.get("buttons") or []]


def test_general_question_gives_the_regular_track_with_buttons_for_the_others(conversation):
    replies = conversation.say("How does the asylum procedure work?")
    text = all_text(replies)
    assert "Regular procedure · Adult" in text and "Basis:" in text
    assert any('"track": "border"' in p for p in payloads(replies))
    assert any('"track": "dublin"' in p for p in payloads(replies))


def test_track_and_kind_in_the_question_go_straight_there(conversation):
    text = all_text(conversation.say("What are the steps in the border procedure for a family?"))
    assert "Border procedure (AC Schiphol) · Family with children" in text
    assert "Zeist" in text


def test_dutch_question_with_track_and_kind(conversation):
    text = all_text(conversation.say("wat zijn de stappen in de grensprocedure voor een gezin"))
    assert "Grensprocedure (AC Schiphol) · Gezin met kinderen" in text and "Bron:" in text


def test_missing_kind_is_asked_with_buttons_then_answered(conversation):
    replies = conversation.say("what are the steps of the dublin procedure")
    assert "For whom?" in all_text(replies)
    kind_payloads = [p for p in payloads(replies) if "applicant_kind" in p]
    assert len(kind_payloads) == 3
    adult = next(p for p in kind_payloads if '"adult"' in p)
    text = all_text(conversation.say(adult))
    assert "Dublin procedure · Adult" in text and "Transfer decision" in text


def test_registration_date_gives_indicative_dates(conversation):
    conversation.say("How does the asylum procedure work?")
    text = all_text(conversation.say("I registered on 3 July 2026"))
    assert "Dates counted from a registration on 3 July 2026" in text
    assert "at the latest around 24 July 2026" in text  # lodging: 21 days
    assert "at the latest around 3 January 2027" in text  # work: 6 months
    assert "not a prediction" in text


def test_dutch_date_forms(conversation):
    conversation.say("hoe werkt de asielprocedure")
    text = all_text(conversation.say("ik ben op 03-07-2026 geregistreerd"))
    assert "uiterlijk rond 24 juli 2026" in text


@pytest.mark.parametrize(
    "message, expected",
    [
        ("I registered on 31-02-2026", "I could not read that date"),
        ("I registered on 3 July 2031", "That date is in the future"),
        ("I registered on 2 May 2026", "transition rules"),
    ],
)
def test_bad_dates_get_a_clear_message_and_no_dates(conversation, message, expected):
    conversation.say("How does the asylum procedure work?")
    replies = conversation.say(message)
    text = all_text(replies)
    assert expected in text
    assert "at the latest around" not in text
    assert "Regular procedure" in text, "the steps are still given"


def test_unknown_track_is_re_asked(conversation):
    replies = conversation.say('/inform{"track": "resettlement", "applicant_kind": "adult"}')
    text = all_text(replies)
    assert "I do not know that procedure" in text
    assert any('"track": "regular"' in p for p in payloads(replies))


def test_which_procedure_am_i_in_is_explained_not_decided(conversation):
    text = all_text(conversation.say("I don't know which procedure I am in"))
    assert "I cannot tell which procedure you are in" in text
    assert "IND" in text
