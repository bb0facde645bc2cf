"""Run every benchmark, one after the other, and print their figures.

    python benchmarks/run_all.py [--quick]

The accuracy benchmarks skip (and say so) when ../shared/data is absent.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    ("parse accuracy", ["parse_accuracy.py"]),
    ("parse speed", ["parse_speed.py"]),
    ("match accuracy", ["match_accuracy.py"]),
    ("link checking", ["links.py"]),
)


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failures = 0
    for name, command in BENCHMARKS:
        arguments = list(command)
        if quick and command[0] == "parse_speed.py":
            arguments.append("--quick")
        if quick and command[0] == "links.py":
            arguments += ["--n", "400"]
        print(f"== {name} ({' '.join(arguments)})", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / arguments[0]), *arguments[1:]])
        failures += result.returncode != 0
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
