"""Parser speed: references per second, growth with input size, and adversarial inputs.

    python benchmarks/parse_speed.py [--quick]

Needs no data: the source lists are generated here in several citation styles. Prints
references per second at growing sizes (a flat figure means linear time) and the time taken
by inputs built to trip quadratic behaviour.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citecheck.parse import parse

_STYLES: tuple[Callable[[int], str], ...] = (
    lambda i: (
        f"Doe, Jane, and Rick Roe. “Story number {i} about caching.” Example News, 3 Feb. 2024, "
        f"www.example-news.com/2024/02/03/story-number-{i}-about-cach\ning.html. "
        "Accessed 4 Feb. 2024."
    ),
    lambda i: (
        f"Smith, A. B., & Jones, C. ({1990 + i % 30}). Measuring link decay in volume {i}. "
        f"Journal of Web Studies, {i % 40}(2), 10–20. https://doi.org/10.5555/jws.{i}"
    ),
    lambda i: (
        f'A. Author and B. Writer, "Broken links, part {i}," Proc. Web Conf., pp. 1-9, '
        f"May 2021. [Online]. Available: https://example.org/papers/part-{i}.pdf"
    ),
    lambda i: f"Lee E, Park F. Subgroup effects {i}. Example Rev. 2020;12:5-9.",
)


def _source_list(count: int, padding: int = 0) -> str:
    """``count`` numbered references (labels go up to 9999, so longer lists repeat the run)."""
    extra = " Annotated." * padding
    entries = (
        f"{(i - 1) % 9_999 + 1}. {_STYLES[i % len(_STYLES)](i)}{extra}" for i in range(1, count + 1)
    )
    return "Body text cites [1] and [2].\n\nReferences\n" + "\n".join(entries) + "\n"


def _timed(text: str) -> tuple[float, int]:
    started = time.perf_counter()
    document = parse(text, format="text")
    return time.perf_counter() - started, len(document.sources)


# Inputs built to trip quadratic behaviour, each at a scale of its full size.
_ADVERSARIAL: dict[str, Callable[[float], str]] = {
    "1 MB line of http://a/": lambda k: "Sources\n1. " + "http://a/" * int(116_000 * k) + "\n",
    "URL wrapped on 100,000 lines": lambda k: (
        "Sources\n1. http://a.org" + "\n/b" * int(100_000 * k) + "\n"
    ),
    "100,000 '('": lambda k: "Sources\n1. " + "(" * int(100_000 * k) + "\n",
    "100,000 '\"'": lambda k: "Sources\n1. " + '"' * int(100_000 * k) + "\n",
    "1 MB of 'Word, '": lambda k: "Sources\n1. " + "Word, " * int(170_000 * k) + "\n",
    "1 MB of initials 'A. '": lambda k: "Sources\n1. " + "A. " * int(330_000 * k) + "\n",
    "100,000 '[1' markers": lambda k: "Text [1" * int(100_000 * k) + "\nSources\n1. x\n",
    "DOI, then 100,000 '1_' wrapped": lambda k: (
        "Sources\n1. https://doi.org/10.5555/12\n" + "1_" * int(100_000 * k) + "!\n"
    ),
    "URL cut by 50,000 spaces": lambda k: (
        "Sources\n1. https://a.org/x" + " b.c" * int(50_000 * k) + "\n"
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    sizes = (
        ((500, 0), (2_000, 0), (8_000, 0))
        if args.quick
        else ((1_000, 0), (3_000, 0), (9_999, 0), (9_999, 80))
    )
    print("references   MB      seconds   references/s")
    for size, padding in sizes:
        text = _source_list(size, padding)
        seconds, found = _timed(text)
        print(f"{found:>10,} {len(text) / 1e6:6.1f} {seconds:10.2f} {found / seconds:12,.0f}")
    print("\nadversarial input (full size)   MB   seconds   half size   growth (2.0 = linear)")
    for name, build in _ADVERSARIAL.items():
        full, _ = _timed(build(1.0))
        half, _ = _timed(build(0.5))
        size = len(build(1.0)) / 1e6
        print(f"{name:<30} {size:5.1f} {full:9.2f} {half:11.2f} {full / half:9.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
