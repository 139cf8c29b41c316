"""The set-up never falls back to another Python than 3.10, and says what to install."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_setup(tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    return subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup.sh")],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_refuses_a_python_that_is_not_3_10(tmp_path):
    other = shutil.which("python3.11") or "/usr/bin/python3"
    result = run_setup(tmp_path, {**os.environ, "PYTHON": other})
    assert result.returncode == 1
    assert "is not Python 3.10" in result.stderr
    assert "pyenv install 3.10" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_says_what_to_install_when_there_is_no_python_3_10(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "nopyenv")}
    if shutil.which("python3.10", path=env["PATH"]):
        pytest.skip("this machine has a system python3.10 on /usr/bin")
    result = run_setup(tmp_path, env)
    assert result.returncode == 1
    assert "Python 3.10 is needed" in result.stderr
