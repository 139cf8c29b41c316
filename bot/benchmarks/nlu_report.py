"""Held-out intent classification: macro-F1 per language and the most confused pairs.

The model is the one `make train` builds from data/ only; tests/nlu/<lang>.yml is never trained on.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.benchmarks.parsing import parse_all
from bot.paths import ROOT
from bot.train import train

HELD_OUT = ROOT / "tests" / "nlu"
TARGET = 0.90
FALLBACK = "nlu_fallback"
SWEEP = (0.2, 0.3, 0.4, 0.5, 0.6)


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


def classifier_intent(parsed: Dict) -> Tuple[str, float]:
    """The top intent before the FallbackClassifier (guard overrides included)."""
    ranked = [r for r in parsed.get("intent_ranking") or [] if r["name"] != FALLBACK]
    if parsed["intent"]["name"] != FALLBACK or not ranked:
        return parsed["intent"]["name"], parsed["intent"].get("confidence", 1.0)
    return ranked[0]["name"], ranked[0]["confidence"]


def macro(pairs: List[Tuple[str, str]]) -> float:
    scores = f1_scores(pairs)
    return sum(scores.values()) / len(scores)


def evaluate(model: Path, path: Path):
    examples = load_examples(path)
    parsed = parse_all(model, [t for t, _ in examples])
    deployed = [(intent, p["intent"]["name"]) for (_, intent), p in zip(examples, parsed)]
    classified = [(intent, *classifier_intent(p)) for (_, intent), p in zip(examples, parsed)]
    return deployed, classified


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=10, help="how many confused pairs to show")
    args = parser.parse_args(argv)
    model = train()
    worst = 1.0
    for path in sorted(HELD_OUT.glob("*.yml")):
        deployed, classified = evaluate(model, path)
        plain = [(e, p) for e, p, _ in classified]
        classifier_f1 = macro(plain)
        worst = min(worst, classifier_f1)
        scores = f1_scores(plain)
        print(f"\n== {path.stem}: {len(plain)} held-out messages")
        print(f"   intent macro-F1 (classifier):             {classifier_f1:.3f}")
        print(f"   intent macro-F1 (as deployed, fallback counted wrong): {macro(deployed):.3f}")
        print("   fallback threshold sweep (macro-F1 / share of messages sent to fallback):")
        for threshold in SWEEP:
            swept = [(e, p if c >= threshold else FALLBACK) for e, p, c in classified]
            share = sum(1 for _, p in swept if p == FALLBACK) / len(swept)
            print(f"     {threshold:.2f}: {macro(swept):.3f} / {share:.1%}")
        print("   lowest intents: " + ", ".join(f"{i} {s:.2f}" for i, s in sorted(scores.items(), key=lambda x: x[1])[:6]))
        print("   most confused (expected -> predicted: count):")
        for (expected, predicted), count in Counter((e, p) for e, p in plain if e != p).most_common(args.top):
            print(f"     {expected} -> {predicted}: {count}")
    print(f"\nworst language classifier macro-F1: {worst:.3f} (target {TARGET})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
