import pytest

from bot.channels.rest import problem


@pytest.mark.parametrize(
    "body",
    [None, [], "text", {"sender": "x"}, {"sender": "x", "message": 42}, {"sender": "", "message": "hi"},
     {"sender": 5, "message": "hi"}],
)
def test_malformed_bodies_are_named(body):
    assert problem(body)


@pytest.mark.parametrize("body", [{"sender": "x", "message": "hi"}, {"message": ""}, {"sender": "a", "message": "😀"}])
def test_good_bodies_pass(body):
    assert problem(body) is None
