"""The full recomputation's prefilter: which pairs are worth scoring one by one in Python.

Every offer is compared with every request, but as arrays (NumPy), a block of records at a time:
shared themes and populations are matrix products of 0/1 membership matrices, the other
structural points (modality, languages, subregion or forum, availability) are element-wise
operations. The result is the `depth` best pairs of each request and of each offer on the
structural part of `matching.score_pair` (everything but similar text, worth at most TEXT_MAX),
ties broken by the higher id, as the final ranking does. With a depth of a few times
MATCHING_TOP_N, the text points cannot lift a pair from below that depth into a record's top.
tests/exchanges/test_matching.py checks the result against scoring every pair in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from . import matching
from .matching import Profile

BLOCK = 500  # records compared at once: 500 x 5,000 pairs of int32, about 10 MB per array
NO_START, NO_END = date.min.toordinal(), date.max.toordinal()


@dataclass
class Side:
    """One side's profiles as arrays, rows in the order of `ids`."""

    ids: np.ndarray
    country: np.ndarray
    subregion: np.ndarray
    forums: np.ndarray  # records x forums, 0/1
    themes: np.ndarray  # records x themes, 0/1
    populations: np.ndarray  # records x populations, 0/1
    modality: np.ndarray
    languages: np.ndarray  # bit mask
    start: np.ndarray
    end: np.ndarray
    has_period: np.ndarray

    def rows(self, block: slice) -> "Side":
        return Side(*(getattr(self, name)[block] for name in self.__dataclass_fields__))


def positions(values: Iterable) -> dict:
    return {value: index for index, value in enumerate(sorted(set(values), key=str))}


def membership(sets: list[frozenset], index: dict) -> np.ndarray:
    matrix = np.zeros((len(sets), max(len(index), 1)), dtype=np.float32)  # float: BLAS products
    for row, terms in enumerate(sets):
        matrix[row, [index[t] for t in terms]] = 1
    return matrix


def side(profiles: list[Profile], vocab: dict) -> Side:
    return Side(
        ids=np.array([p.pk for p in profiles], dtype=np.int64),
        country=np.array([p.country_id for p in profiles], dtype=np.int64),
        subregion=np.array([vocab["subregion"][p.subregion] if p.subregion else -1 for p in profiles]),
        forums=membership([p.forums for p in profiles], vocab["forums"]),
        themes=membership([p.themes for p in profiles], vocab["themes"]),
        populations=membership([p.populations for p in profiles], vocab["populations"]),
        modality=np.array([vocab["modality"][p.modality] for p in profiles], dtype=np.int64),
        languages=np.array(
            [sum(1 << vocab["languages"][code] for code in p.languages) for p in profiles], dtype=np.int64
        ),
        start=np.array([p.available_from.toordinal() if p.available_from else NO_START for p in profiles]),
        end=np.array([p.available_until.toordinal() if p.available_until else NO_END for p in profiles]),
        has_period=np.array([bool(p.available_from or p.available_until) for p in profiles]),
    )


def modality_table(index: dict) -> np.ndarray:
    table = np.zeros((len(index), len(index)), dtype=np.int32)
    for a, i in index.items():
        for b, j in index.items():
            table[i, j] = matching.modality_points(a, b)
    return table


def structural_scores(a: Side, b: Side, modalities: np.ndarray) -> np.ndarray:
    """Rows of `a` against rows of `b`: the structural points, or -1 where the pair is no candidate."""
    m = matching
    themes = a.themes @ b.themes.T
    populations = a.populations @ b.populations.T
    score = np.minimum(m.THEMES_MAX, m.THEME_POINTS * themes).astype(np.int32)
    score += np.minimum(m.POPULATIONS_MAX, m.POPULATION_POINTS * populations).astype(np.int32)
    score += modalities[a.modality[:, None], b.modality[None, :]]
    score += np.where((a.languages[:, None] & b.languages[None, :]) != 0, m.LANGUAGE_POINTS, 0).astype(
        np.int32
    )
    same_subregion = (a.subregion[:, None] == b.subregion[None, :]) & (a.subregion[:, None] >= 0)
    shared_forum = (a.forums @ b.forums.T) > 0
    score += np.where(same_subregion | shared_forum, m.REGION_POINTS, 0).astype(np.int32)
    overlap = (a.start[:, None] <= b.end[None, :]) & (b.start[None, :] <= a.end[:, None])
    overlap &= a.has_period[:, None] & b.has_period[None, :]
    score += np.where(overlap, m.AVAILABILITY_POINTS, 0).astype(np.int32)
    candidate = ((themes + populations) > 0) & (a.country[:, None] != b.country[None, :])
    return np.where(candidate, score, -1)


def best_columns(a: Side, b: Side, modalities, depth: int, min_score: int) -> Iterable[tuple[int, int]]:
    """(id in a, id in b) of each row of `a`'s `depth` best columns (score, then higher id)."""
    for start in range(0, len(a.ids), BLOCK):
        block = a.rows(slice(start, start + BLOCK))
        score = structural_scores(block, b, modalities)
        keep = score + matching.TEXT_MAX >= min_score
        # one sortable number per pair: score first, the column's id breaking ties
        key = np.where(keep, score.astype(np.int64) * (int(b.ids.max()) + 1) + b.ids[None, :], -1)
        count = min(depth, key.shape[1])
        top = np.argpartition(-key, count - 1, axis=1)[:, :count]
        for row, columns in enumerate(top):
            for column in columns:
                if key[row, column] >= 0:
                    yield int(block.ids[row]), int(b.ids[column])


def candidate_pairs(offers: dict[int, Profile], requests: dict[int, Profile], depth: int, min_score: int):
    """(offer id, request id) of the pairs among the `depth` best of their offer or their request."""
    if not offers or not requests:
        return set()
    everyone = [*offers.values(), *requests.values()]
    vocab = {
        "subregion": positions(p.subregion for p in everyone if p.subregion),
        "forums": positions(f for p in everyone for f in p.forums),
        "themes": positions(t for p in everyone for t in p.themes),
        "populations": positions(t for p in everyone for t in p.populations),
        "modality": positions(p.modality for p in everyone),
        "languages": positions(code for p in everyone for code in p.languages),
    }
    offer_side, request_side = side(list(offers.values()), vocab), side(list(requests.values()), vocab)
    modalities = modality_table(vocab["modality"])
    pairs = {(o, r) for o, r in best_columns(offer_side, request_side, modalities, depth, min_score)}
    pairs |= {(o, r) for r, o in best_columns(request_side, offer_side, modalities, depth, min_score)}
    return pairs
