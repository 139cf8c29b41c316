"""Training happens only when what the model is trained from has changed."""
import shutil

from bot.paths import ROOT
from bot.train import fingerprint, training_inputs


def copy_project(tmp_path):
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "bot" / "components", tmp_path / "bot" / "components")
    (tmp_path / "requirements").mkdir()
    shutil.copy(ROOT / "requirements" / "constraints.txt", tmp_path / "requirements")
    return tmp_path


def test_fingerprint_is_stable(tmp_path):
    project = copy_project(tmp_path)
    assert fingerprint(project) == fingerprint(project) == fingerprint(ROOT)


def test_fingerprint_changes_with_training_data(tmp_path):
    project = copy_project(tmp_path)
    before = fingerprint(project)
    rules = next((project / "data").rglob("*.yml"))
    rules.write_text(rules.read_text() + "\n# edited\n")
    assert fingerprint(project) != before


def test_fingerprint_changes_with_a_custom_component(tmp_path):
    project = copy_project(tmp_path)
    before = fingerprint(project)
    component = next((project / "bot" / "components").glob("*.py"))
    component.write_text(component.read_text() + "\n# edited\n")
    assert fingerprint(project) != before


def test_content_and_tests_are_not_training_inputs():
    names = {str(p.relative_to(ROOT)) for p in training_inputs()}
    assert "domain.yml" in names and "config.yml" in names
    assert not any(n.startswith(("content/", "tests/")) for n in names)
