"""Screening's summary path (rules.summaries) gives exactly the rows of the full evaluation:
per rule on generated sources, and for whole sources of the demo data on dates either side of
the rule-set boundaries."""

import dataclasses
import datetime as dt
import io
import random

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.enterprises import demo
from breakzero.policies import assembly, screening
from breakzero.policies.evaluation import RULES
from breakzero.policies.tests.test_screening_memo import fact_sources
from breakzero.rules.summaries import REGISTRY

DATES = (dt.date(2022, 7, 31), dt.date(2022, 8, 1), dt.date(2025, 6, 30), dt.date(2026, 3, 31), dt.date(2026, 4, 1),
         dt.date(2026, 12, 7))  # the import date: 2026年2号 for 专精特新 and 小巨人


def _rows(sources, *, summaries: bool, monkeypatch) -> list[list[tuple]]:
    monkeypatch.setattr(django_settings, "SCREENING_SUMMARIES", summaries)
    asked = []  # the switch must decide the path, or "on equals off" would prove nothing

    def summary_row(*args, **kwargs):
        asked.append(1)
        return real(*args, **kwargs)

    real = screening.summary_row
    monkeypatch.setattr(screening, "summary_row", summary_row)
    rows = [screening.results_of(dataclasses.replace(s, cache={})) for s in sources]
    monkeypatch.setattr(screening, "summary_row", real)
    assert bool(asked) == (summaries and bool(sources))
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(source=fact_sources(), as_of=st.sampled_from(DATES))
def test_judged_summary_equals_judged_in_full(source, as_of):
    source = dataclasses.replace(source, as_of=as_of, cache={})
    for rule in RULES:
        try:
            facts = rule.facts(source)
        except (ValueError, ArithmeticError):
            continue  # results_of writes the error row before any judge runs
        assert screening._judged(rule, facts, as_of, True) == screening._judged_in_full(rule, facts, as_of)


def test_summaries_registered_for_the_screened_tiers():
    judges = {rule.code: rule.judge for rule in RULES}
    assert {code for code, summary in REGISTRY.items() if judges.get(code) is summary.judge} == set(REGISTRY)


@pytest.mark.django_db
def test_demo_sources_rows_with_summaries_equal_full_rows(monkeypatch):
    demo.seed(rng=random.Random(2020), enterprises=300, stdout=io.StringIO())
    for as_of in DATES:
        patents = assembly.patent_facts(as_of=as_of)
        sources = list(assembly.load_sources(as_of=as_of, pk_range=(0, 10**9), patents=patents).values())
        assert len(sources) >= 300
        full = _rows(sources, summaries=False, monkeypatch=monkeypatch)
        fast = _rows(sources, summaries=True, monkeypatch=monkeypatch)
        assert fast == full, as_of
        assert any(row[5] for rows in full for row in rows)  # gaps are compared, not only verdicts
