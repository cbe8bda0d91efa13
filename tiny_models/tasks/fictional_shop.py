"""Lab 05's shop: products with made-up names ("Kelmox kettle") and prices from 100 to 999
dollars, drawn from the seed, so that no text a real model was pretrained on can contain them;
and the update that changes a quarter of the prices."""

from __future__ import annotations

import random

SYLLABLES = "zor vel quin bra mox tal fen dri kel pum sar lo vix nor gal tep".split()
ITEMS = (
    "kettle lamp backpack blender tent scooter camera chair jacket toaster speaker drone watch heater mixer helmet"
).split()


def make_catalogue(n: int, seed: int) -> dict[str, int]:
    """``n`` fictional products -> price in whole dollars (100-999), drawn from ``seed``."""
    rng = random.Random(f"lab05/catalogue/{seed}")
    brands = set()
    while len(brands) < n:
        brands.add((rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize())
    items = rng.sample(ITEMS, n)
    return {f"{brand} {item}": rng.randint(100, 999) for brand, item in zip(sorted(brands), items)}


def change_prices(catalogue: dict[str, int], seed: int) -> tuple[dict[str, int], list[str]]:
    """(the catalogue with a quarter of its prices changed, by more than 50 dollars each; the
    products whose price changed), drawn from ``seed``."""
    rng = random.Random(f"lab05/update/{seed}")
    changed = rng.sample(list(catalogue), len(catalogue) // 4)
    updated = dict(catalogue)
    for p in changed:
        updated[p] = rng.choice([x for x in range(100, 1000) if abs(x - catalogue[p]) > 50])
    return updated, changed
