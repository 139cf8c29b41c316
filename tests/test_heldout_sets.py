"""The held-out sets stay held out: no training example copies or nearly copies one of their lines.

A figure measured on a sentence the model was trained on says nothing about new users' messages, and
copies creep in when training data is written from a list of misses. The training data is data/nlu/ and
data/guard/ (earlier guard sets, which the guard classifier learns from).
"""
import difflib
import re

import pytest
import yaml

from bot.benchmarks.nlu_report import load_examples
from bot.components.guard_classifier import example_files, load_examples as load_guard_examples
from bot.paths import ROOT

GUARD_CLASSIFIER_CONFIG = next(
    c for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"] if c["name"].endswith("GuardClassifier")
)
NEAR_COPY = 0.9  # difflib ratio on normalised text; "can I get medication" vs "can I get my medication" is 0.93


def normalise(text):
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", text.lower())).strip()


def held_out_lines():
    lines = {}
    for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        lines.update((normalise(text), path.name) for text, _ in load_examples(path))
    for path in sorted((ROOT / "tests" / "guard").glob("*.yml")):
        lines.update((normalise(case["text"]), path.name) for case in yaml.safe_load(path.read_text()))
    return lines


def training_lines():
    for path in sorted((ROOT / "data" / "nlu").glob("*/*.yml")):
        for text, _ in load_examples(path):
            yield path.relative_to(ROOT), text
    for path in example_files(GUARD_CLASSIFIER_CONFIG):  # the guard classifier's own examples
        for text, _ in load_guard_examples([path]):
            yield path.relative_to(ROOT), text


@pytest.fixture(scope="module")
def held_out():
    return held_out_lines()


def test_the_held_out_sets_are_found(held_out):
    assert len(held_out) > 1000


def test_no_training_example_copies_a_held_out_line(held_out):
    copies = [f"{path}: {text!r} (in {held_out[normalise(text)]})" for path, text in training_lines() if normalise(text) in held_out]
    assert not copies, "\n".join(copies)


def test_no_training_example_nearly_copies_a_held_out_line(held_out):
    candidates = list(held_out)
    near = []
    for path, text in training_lines():
        match = difflib.get_close_matches(normalise(text), candidates, n=1, cutoff=NEAR_COPY)
        if match:
            near.append(f"{path}: {text!r} ~ {match[0]!r} (in {held_out[match[0]]})")
    assert not near, "\n".join(near)
