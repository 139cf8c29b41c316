"""Where things are, relative to the project root (the commands run from there)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MODELS = ROOT / "models"
VAR = ROOT / "var"  # runtime state: SQLite tracker store, logs
WEB = ROOT / "bot" / "web"
