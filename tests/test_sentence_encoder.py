"""The NumPy MiniLM: sentence embeddings that put paraphrases together, and no crash on odd text."""
import numpy as np
import pytest

from bot.components.sentence_encoder import default_encoder


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


def test_paraphrases_are_closer_than_unrelated_sentences(encoder):
    question, paraphrase, other_topic, unrelated = encoder.embed([
        "How long does the border procedure take?",
        "What is the duration of the border procedure?",
        "Can asylum seekers work in the Netherlands?",
        "My cat likes to sleep in the sun.",
    ])
    assert question @ paraphrase > 0.8
    assert question @ paraphrase > question @ other_topic > question @ unrelated


@pytest.mark.parametrize("text", ["", "😢🙏", "مرحبا كيف حالك", "a\x00b\x1bc", "word " * 2000])
def test_odd_text_gives_a_unit_vector(encoder, text):
    (vector,) = encoder.embed([text])
    assert vector.shape == (384,) and np.isfinite(vector).all()
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_the_same_text_gives_the_same_vector(encoder):
    first, second = encoder.embed(["Wat is de grensprocedure?", "Wat is de grensprocedure?"])
    assert np.array_equal(first, second)
