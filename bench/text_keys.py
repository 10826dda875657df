"""Throughput of the Vietnamese text keys against plain case-folding, the cheapest baseline.

python -m bench.text_keys
"""

import time

from campaign.core.text import name_sort_key, search_key
from campaign.demo.people import synthetic_women

NAMES = 100_000


def _rate(function, names: list[str]) -> float:
    started = time.perf_counter()
    for name in names:
        function(name)
    return len(names) / (time.perf_counter() - started)


def main() -> None:
    names = [woman.full_name for woman in synthetic_women(2_000, seed=1)] * (NAMES // 2_000)
    baseline = _rate(str.casefold, names)
    for label, function in (("name_sort_key", name_sort_key), ("search_key", search_key)):
        rate = _rate(function, names)
        print(f"{label:<14} {rate:>12,.0f} names/s   {baseline / rate:6.1f}× slower than casefold")
    print(f"{'casefold':<14} {baseline:>12,.0f} names/s")


if __name__ == "__main__":
    main()
