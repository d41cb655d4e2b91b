"""Suggest matches between technology needs and service offerings. Pure Python.

Simple, explainable scoring: same industry section +40, shared industrial
chain +30, overlap of character bigrams of title and keywords up to +30 (Jaccard × 30).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SECTION_POINTS = 40
CHAIN_POINTS = 30
TEXT_POINTS = 30
_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
_NOISE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class MatchSide:
    key: object
    title: str
    keywords: str = ""
    industry_section: str = ""
    chain_ids: frozenset = frozenset()


@dataclass(frozen=True)
class Match:
    need: object
    offering: object
    score: int
    reasons: tuple[str, ...]


def bigrams(text: str) -> set[str]:
    """Character bigrams of each word (single-character words count as themselves)."""
    grams: set[str] = set()
    for word in _SEPARATORS.split(unicodedata.normalize("NFKC", text or "").lower()):
        word = _NOISE.sub("", word)
        if len(word) == 1:
            grams.add(word)
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


def match_score(need: MatchSide, offering: MatchSide) -> Match:
    score = 0
    reasons: list[str] = []
    if need.industry_section and need.industry_section == offering.industry_section:
        score += SECTION_POINTS
        reasons.append(f"同行业门类 {need.industry_section}")
    if need.chain_ids & offering.chain_ids:
        score += CHAIN_POINTS
        reasons.append("同产业链")
    left = bigrams(f"{need.title} {need.keywords}")
    right = bigrams(f"{offering.title} {offering.keywords}")
    if left and right:
        shared = left & right
        text_points = round(TEXT_POINTS * len(shared) / len(left | right))
        if text_points:
            score += text_points
            reasons.append("关键词相近：" + "、".join(sorted(shared)[:5]))
    return Match(need.key, offering.key, score, tuple(reasons))


def suggest_matches(
    needs: Sequence[MatchSide], offerings: Iterable[MatchSide], *, minimum: int = 30, limit: int = 5
) -> dict[object, list[Match]]:
    """For each need, the best `limit` offerings scoring at least `minimum`, best first."""
    offering_list = list(offerings)
    result: dict[object, list[Match]] = {}
    for need in needs:
        matches = [m for m in (match_score(need, o) for o in offering_list) if m.score >= minimum]
        matches.sort(key=lambda m: (-m.score, str(m.offering)))
        result[need.key] = matches[:limit]
    return result
