"""The figures of labs 04 and 05: plotting code a learner need not read to follow the lab.

Each function takes the numbers a lab measured and returns a matplotlib figure, which the lab
shows (and names for the site) with ``labkit.show_figure``. What is measured, and how, stays
in the lab.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

GROUP_COLOURS = {"changed": "#c44e52", "unchanged": "#4c72b0", "new": "#55a868"}


def after_the_update(after: dict[str, dict[str, float]], n_new: int):
    """Lab 04: accuracy per model (``after``: model -> group -> accuracy) after the update."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for i, (group, colour) in enumerate(GROUP_COLOURS.items()):
        ax.bar(
            [j + (i - 1) * 0.26 for j in range(len(after))],
            [100 * acc[group] for acc in after.values()],
            0.26,
            color=colour,
            label=f"{group} products",
        )
    ax.set_xticks(range(len(after)), list(after))
    ax.set_ylabel("exact answers, held-out phrasings (%)")
    ax.set_ylim(0, 105)
    ax.set_title(f"after a quarter of the prices changed and {n_new} products were added")
    ax.legend(fontsize=8, loc="upper right")
    return fig


def retrieval_precision(precision_curve: dict[float, float], distractor_curve: dict[int, float]):
    """Lab 04: accuracy against top-1 precision (left) and against distractor lines (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    left.plot(
        [100 * p for p in precision_curve],
        [100 * a for a in precision_curve.values()],
        "o-",
        color="#4c72b0",
        label="reader, one line",
    )
    left.plot([0, 100], [0, 100], ":", color="grey", label="accuracy = precision")
    left.set_xlabel("top-1 retrieval precision (%)")
    left.set_ylabel("exact answers (%)")
    left.legend(fontsize=8)
    left.set_title("accuracy follows the retriever")
    right.bar(list(distractor_curve), [100 * a for a in distractor_curve.values()], color="#55a868")
    right.set_xlabel("near-miss distractor lines beside the right one")
    right.set_ylim(0, 105)
    right.set_title("the right line among distractors")
    return fig


def facts_and_side_effects(bars: dict[str, float], side: dict[str, float], n_products: int):
    """Lab 05: prices right per approach (left), general probe per fine-tune (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.barh(list(bars)[::-1], [100 * v for v in bars.values()][::-1], color="#4c72b0")
    left.set_xlabel("prices right on an unseen phrasing (%)")
    left.set_xlim(0, 100)
    left.set_title(f"{n_products} fictional prices")
    right.barh(list(side)[::-1], [100 * v for v in side.values()][::-1], color="#55a868")
    right.set_xlabel("general questions right (%)")
    right.set_xlim(0, 100)
    right.set_title("side effects: the general probe")
    fig.tight_layout()
    return fig
