"""Trains a model into models/ only when what it is trained from has changed.

The model's name carries a fingerprint of config.yml, domain.yml, data/ and the custom NLU
components, so an unchanged project reuses its model and a changed one gets a new one.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.paths import MODELS, ROOT

PREFIX = "asielinfo-"
KEEP = 3  # older models are removed; each is about 50 MB


def training_inputs(root: Path = ROOT) -> List[Path]:
    files: Iterable[Path] = [root / "config.yml", root / "domain.yml", root / "requirements" / "constraints.txt"]
    files = [*files, *(root / "data").rglob("*.yml"), *(root / "bot" / "components").rglob("*.py")]
    return sorted(p for p in files if p.is_file())


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in training_inputs(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = ROOT) -> Path:
    return MODELS / f"{PREFIX}{fingerprint(root)}.tar.gz"


def train(force: bool = False) -> Path:
    target = model_path()
    if target.exists() and not force:
        os.utime(target)  # the newest model is the one served
        print(f"train: model is up to date ({target.relative_to(ROOT)})")
        return target
    print("train: data, domain or config changed; training (a few minutes)")
    subprocess.run(
        [
            sys.executable, "-m", "rasa", "train",
            "--fixed-model-name", target.name.removesuffix(".tar.gz"),
            "--out", str(MODELS),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
    )
    prune()
    return target


def prune(keep: int = KEEP) -> None:
    models = sorted(MODELS.glob(f"{PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[keep:]:
        old.unlink()


if __name__ == "__main__":
    try:
        train(force="--force" in sys.argv)
    except subprocess.CalledProcessError as error:
        sys.exit(f"train: rasa train failed (exit {error.returncode})")
