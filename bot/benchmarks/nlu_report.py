"""Held-out intent classification: macro-F1 per language and the most confused pairs.

The model is the one `make train` builds from data/ only; tests/nlu/<lang>.yml is never trained on.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.benchmarks.parsing import parse_all
from bot.paths import ROOT
from bot.train import train

HELD_OUT = ROOT / "tests" / "nlu"
TARGET = 0.90


def load_examples(path: Path) -> List[Tuple[str, str]]:
    examples = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    examples.append((text, block["intent"]))
    return examples


def f1_scores(pairs: List[Tuple[str, str]]) -> Dict[str, float]:
    """Per-intent F1 from (expected, predicted) pairs, over the expected intents."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for expected, predicted in pairs:
        if expected == predicted:
            tp[expected] += 1
        else:
            fn[expected] += 1
            fp[predicted] += 1
    scores = {}
    for intent in {e for e, _ in pairs}:
        precision = tp[intent] / (tp[intent] + fp[intent]) if tp[intent] + fp[intent] else 0.0
        recall = tp[intent] / (tp[intent] + fn[intent]) if tp[intent] + fn[intent] else 0.0
        scores[intent] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return scores


def evaluate(model: Path, path: Path) -> Tuple[float, Dict[str, float], Counter]:
    examples = load_examples(path)
    parsed = parse_all(model, [t for t, _ in examples])
    pairs = [(intent, p["intent"]["name"]) for (_, intent), p in zip(examples, parsed)]
    scores = f1_scores(pairs)
    confused = Counter((e, p) for e, p in pairs if e != p)
    return sum(scores.values()) / len(scores), scores, confused


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=10, help="how many confused pairs to show")
    args = parser.parse_args(argv)
    model = train()
    worst = 1.0
    for path in sorted(HELD_OUT.glob("*.yml")):
        macro, scores, confused = evaluate(model, path)
        worst = min(worst, macro)
        print(f"\n== {path.stem}: intent macro-F1 {macro:.3f} on {sum(1 for _ in load_examples(path))} held-out messages")
        print("   lowest intents: " + ", ".join(f"{i} {s:.2f}" for i, s in sorted(scores.items(), key=lambda x: x[1])[:5]))
        print("   most confused (expected -> predicted: count):")
        for (expected, predicted), count in confused.most_common(args.top):
            print(f"     {expected} -> {predicted}: {count}")
    print(f"\nworst language macro-F1: {worst:.3f} (target {TARGET})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
