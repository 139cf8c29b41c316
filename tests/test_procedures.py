"""The procedure model: every track and kind, date arithmetic, and validation of a broken model."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.paths import CONTENT
from bot.procedures import ModelError, load_model


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_tracks_and_kinds(model):
    assert set(model.tracks) == {"regular", "accelerated", "border", "dublin", "subsequent"}
    assert set(model.kinds) == {"adult", "family", "unaccompanied_minor"}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("kind", ["adult", "family", "unaccompanied_minor"])
@pytest.mark.parametrize("track", ["regular", "accelerated", "border", "dublin", "subsequent"])
def test_every_track_and_kind_has_sourced_steps(model, track, kind, lang):
    steps = model.steps(track, kind, lang)
    assert len(steps) >= 3
    assert all(s.title and s.what and s.who and s.basis and s.status for s in steps)
    text = model.render(track, kind, lang)
    assert model.track_title(track, lang) in text and model.kind_title(kind, lang) in text
    assert model.text("disclaimer", lang) in text


def test_kind_variations(model):
    ids = lambda track, kind: [s.id for s in model.steps(track, kind, "en")]  # noqa: E731
    assert "guardian" in ids("regular", "unaccompanied_minor") and "guardian" not in ids("regular", "adult")
    assert "zeist" in ids("border", "family") and "zeist" in ids("border", "unaccompanied_minor")
    assert "zeist" not in ids("border", "adult")
    assert "referral_family" in ids("border", "family")


def due(model, track, step_id, registered):
    return next(s.due for s in model.steps(track, "adult", "en", registered) if s.id == step_id)


def test_dates_from_registration(model):
    registered = dt.date(2026, 7, 3)
    assert due(model, "regular", "lodging", registered) == dt.date(2026, 7, 24)
    assert due(model, "regular", "work", registered) == dt.date(2027, 1, 3)
    assert due(model, "regular", "decision", registered) == dt.date(2027, 1, 24)  # from the latest lodging day
    assert due(model, "accelerated", "decision", registered) == dt.date(2026, 10, 24)
    assert due(model, "border", "border_procedure", registered) == dt.date(2026, 9, 25)  # 12 weeks
    assert due(model, "dublin", "take_charge_request", registered) == dt.date(2026, 9, 3)


def test_month_ends_and_leap_years(model):
    assert due(model, "dublin", "take_charge_request", dt.date(2026, 12, 31)) == dt.date(2027, 2, 28)
    assert due(model, "regular", "work", dt.date(2027, 8, 31)) == dt.date(2028, 2, 29)
    assert due(model, "border", "border_procedure", dt.date(2028, 2, 1)) == dt.date(2028, 4, 25)


def test_unverified_steps_have_no_date(model):
    for track in model.tracks:
        for step in model.steps(track, "adult", "en", dt.date(2026, 7, 3)):
            if step.status == "unverified":
                assert step.due is None


def test_render_with_a_date_is_worded_as_a_maximum(model):
    text = model.render("regular", "adult", "nl", dt.date(2026, 7, 3))
    assert "uiterlijk rond 24 juli 2026" in text and "geen voorspelling" in text


def broken(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load((CONTENT / "procedures.yml").read_text())
    change(raw)
    path = tmp_path / "procedures.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r["tracks"]["border"]["steps"][4].pop("basis"), r"track 'border', step 'border_procedure': missing 'basis' \(en\)"),
        (lambda r: r["tracks"]["regular"]["steps"][0]["what"].pop("nl"), r"track 'regular', step 'screening': missing 'what' \(nl\)"),
        (lambda r: r["tracks"]["regular"]["steps"][1].update(status="maybe"), "status must be one of"),
        (lambda r: r["tracks"]["regular"]["steps"][3]["due"].update({"from": "arrival"}), "'due.from' must be one of"),
        (lambda r: r["tracks"]["regular"]["steps"][3]["due"].update(days=0), "positive whole number"),
        (lambda r: r["tracks"]["regular"]["steps"][-1].update(due={"from": "lodging", "weeks": 2}), "unverified time limit must not be computed"),
        (lambda r: r["tracks"]["regular"]["steps"].append(dict(r["tracks"]["regular"]["steps"][0])), "duplicate step id"),
        (lambda r: r["tracks"]["dublin"]["steps"][0].update(kinds=["pensioner"]), "unknown kinds"),
        (lambda r: r["texts"]["nl"].pop("ask_track"), r"texts \(nl\): missing ask_track"),
        (lambda r: r.pop("tracks"), "missing 'tracks'"),
    ],
)
def test_a_broken_model_is_refused_with_where_and_why(tmp_path, change, message):
    with pytest.raises(ModelError, match=message):
        load_model(broken(tmp_path, change))


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ModelError, match="file not found"):
        load_model(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("tracks: [unclosed")
    with pytest.raises(ModelError, match="not valid YAML"):
        load_model(bad)
