"""How fast a model answers: latency of one request at a time, and throughput of a batch.

One method for every lab, so that latencies measured in different labs can be compared. A
shared machine is noisy, so the contenders take turns on every request (a slow moment hits
them all alike), a few warm-up calls pay one-off costs first, and the median ignores the odd
slow outlier.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def median_latency_ms(
    contenders: dict[str, Callable[[Any], object]], requests: Sequence[Any], *, warmup: int = 3
) -> dict[str, float]:
    """Median milliseconds per request for each contender, the contenders taking turns.

    ``contenders`` maps a name to a function that answers one request, for example
    ``lambda query: generate_replies(model, tokenizer, [query])``.
    """
    if not requests:
        raise ValueError("median_latency_ms needs at least one request to time")
    for answer in contenders.values():
        for request in requests[:warmup]:
            answer(request)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for request in requests:
        for name, answer in contenders.items():
            began = time.perf_counter()
            answer(request)
            times[name].append(1000 * (time.perf_counter() - began))
    return {name: statistics.median(ms) for name, ms in times.items()}


def throughput(answer_all: Callable[[Sequence[Any]], object], requests: Sequence[Any], *, runs: int = 2) -> float:
    """Requests per second when ``answer_all`` answers all ``requests`` in one call (best of ``runs``)."""
    if not requests:
        raise ValueError("throughput needs at least one request to time")
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        answer_all(requests)
        best = min(best, time.perf_counter() - began)
    return len(requests) / best
