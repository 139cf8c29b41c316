"""The guard on its held-out sets: recall on advice and case-status requests, false refusals on general questions.

    python -m bot.benchmarks.guard_report                       # every set in tests/guard/
    python -m bot.benchmarks.guard_report tests/guard/guard_heldout28.yml
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import List, Optional

import yaml

from bot.benchmarks.parsing import parse_all
from bot.components.guard_classifier import QUESTIONS
from bot.components.guard_rules import GUARD_INTENTS
from bot.paths import ROOT
from bot.train import train

GUARD_SETS = sorted((ROOT / "tests" / "guard").glob("*.yml"))


def main(argv: Optional[List[str]] = None) -> int:
    paths = [Path(p).resolve() for p in argv] if argv else GUARD_SETS
    sets = [(path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in paths]
    parsed = parse_all(train(), [c["text"] for _, cases in sets for c in cases])
    start = 0
    for path, cases in sets:
        print(f"\n== {path.relative_to(ROOT)}")
        report(cases, parsed[start:start + len(cases)])
        start += len(cases)
    return 0


def report(cases: List[dict], parsed: List[dict]) -> None:
    totals, hits = Counter(), Counter()
    by_layer = Counter()
    misses = defaultdict(list)
    for case, result in zip(cases, parsed):
        refused = result["intent"]["name"] in GUARD_INTENTS
        key = (case["kind"], case["lang"])
        totals[key] += 1
        totals[case["kind"]] += 1
        wrong = refused != (case["expect"] == "refuse")
        if not wrong:
            hits[key] += 1
            hits[case["kind"]] += 1
        else:
            misses[case["kind"]].append(f"{case['text']!r} -> {result['intent']['name']}")
        guard = result.get("guard") or {}
        if refused:
            by_layer[guard.get("rule") or guard.get("layer") or "intent classifier"] += 1
        elif QUESTIONS in guard:
            by_layer["not refused: the questions alone are general"] += 1

    def rate(key) -> str:
        return f"{hits[key] / totals[key]:.3f} ({hits[key]}/{totals[key]})" if totals[key] else "n/a"

    print(f"guard set: {len(cases)} messages")
    print(f"recall, individual advice:  {rate('advice')}   en {rate(('advice', 'en'))}  nl {rate(('advice', 'nl'))}")
    print(f"recall, case status:        {rate('case_status')}   en {rate(('case_status', 'en'))}  nl {rate(('case_status', 'nl'))}")
    false = totals["general"] - hits["general"]
    print(f"false refusals, general:    {false / totals['general']:.3f} ({false}/{totals['general']})   targets: recall >= 0.98, false refusals <= 0.03")
    print("refusals by layer (classifier, or the rule that fired), and withdrawn ones: " + (", ".join(f"{r} {n}" for r, n in by_layer.most_common()) or "none"))
    for kind, items in misses.items():
        print(f"missed ({kind}):")
        for item in items:
            print("  " + item)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
