"""The mypy gate: no new type errors, and the recorded baseline only shrinks.

Runs mypy over src/npgov with the configuration in pyproject.toml ([tool.mypy]) and compares its
errors with mypy-baseline.txt. An error is recorded without its line number ("path: error: message
[code]"), so editing unrelated lines of a file does not churn the baseline; the baseline is a
multiset: the same message may appear as often in a file as it is recorded.

    python scripts/mypy_gate.py                   fail on any error not in the baseline
    python scripts/mypy_gate.py --update          rewrite the baseline after fixing errors (shrink only)
    python scripts/mypy_gate.py --update --allow-growth
                                                  record new errors too (a deliberate, reviewed step)

science/ is checked strictly and has no baseline: any error there fails the gate and is never recorded.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
TARGET = "src/npgov"
# Paths that must be clean: their errors always fail the gate and are never written to the baseline.
NEVER_BASELINED = ("src/npgov/science/",)

BASELINE_HEADER = """\
# mypy errors accepted for now; this file only shrinks (docs/development.md, "Type checking").
# One line per error, without its line number: "path: error: message  [code]".
# Regenerate after fixing errors: python scripts/mypy_gate.py --update
"""

# "src/npgov/x.py:12: error: message  [code]" (a column may follow the line when configured; some
# errors about a whole module, such as a missing import, come without a line).
ERROR_LINE = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):(?:(?P<line>\d+):)?(?:\d+:)? error: (?P<message>.*)$")
# Messages that quote another line number ("already defined on line 12") would churn on unrelated edits.
LINE_REFERENCE = re.compile(r"\bline \d+\b")


def run_mypy() -> tuple[list[tuple[str, str]], str, int]:
    """Run mypy; return (normalised error, located error) pairs, the raw output and the exit code."""
    command = [sys.executable, "-m", "mypy", "--no-pretty", "--no-color-output", "--no-error-summary",
               "--hide-error-context", TARGET]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    errors = []
    for raw in output.splitlines():
        match = ERROR_LINE.match(raw.strip())
        if match is None:
            continue
        path = Path(match["path"]).as_posix()
        message = LINE_REFERENCE.sub("line N", match["message"].strip())
        errors.append((f"{path}: error: {message}", raw.strip()))
    return errors, output, completed.returncode


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line.strip() and not line.startswith("#"))


def write_baseline(errors: Counter[str]) -> None:
    lines = sorted(errors.elements())
    BASELINE.write_text(BASELINE_HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def is_never_baselined(error: str) -> bool:
    return error.startswith(NEVER_BASELINED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite mypy-baseline.txt from this run")
    parser.add_argument("--allow-growth", action="store_true",
                        help="with --update: also record errors that are not in the baseline yet")
    args = parser.parse_args(argv)

    located, output, returncode = run_mypy()
    if returncode not in (0, 1) or (returncode == 1 and not located):
        # Exit code 2 (or errors we could not parse) means mypy itself failed: show why.
        print(output, file=sys.stderr)
        print(f"mypy: did not run cleanly (exit code {returncode})", file=sys.stderr)
        return 2

    current = Counter(error for error, _ in located)
    baseline = read_baseline()
    new = current - baseline
    fixed = baseline - current
    strict = Counter({error: count for error, count in current.items() if is_never_baselined(error)})
    print(f"mypy: {current.total()} errors, baseline {baseline.total()}; "
          f"new: {new.total()}; fixed: {fixed.total()}; "
          f"strict-clean paths ({', '.join(NEVER_BASELINED)}): {strict.total()}")

    if args.update:
        recorded = Counter({error: count for error, count in current.items() if not is_never_baselined(error)})
        growth = recorded - baseline
        if growth and not args.allow_growth:
            print_located("not in the baseline (fix them, or --allow-growth to record them)", growth, located)
            return 1
        write_baseline(recorded)
        print(f"mypy: wrote {BASELINE.name} with {recorded.total()} errors")
        if strict:
            print_located("in strict-clean paths (never recorded)", strict, located)
            return 1
        return 0

    failing = new | strict  # a strict-path error fails even if someone wrote it into the baseline
    if failing:
        print_located("new (not in mypy-baseline.txt) or in strict-clean paths", failing, located)
        return 1
    if fixed:
        print(f"mypy: {fixed.total()} baseline errors are fixed; "
              "shrink the baseline with: python scripts/mypy_gate.py --update")
    return 0


def print_located(title: str, errors: Counter[str], located: list[tuple[str, str]]) -> None:
    """Print the errors with their line numbers, so they can be found in the source."""
    print(f"mypy: {errors.total()} errors {title}:")
    remaining = Counter(errors)
    for error, raw in located:
        if remaining[error] > 0:
            remaining[error] -= 1
            print(f"  {raw}")


if __name__ == "__main__":
    sys.exit(main())
