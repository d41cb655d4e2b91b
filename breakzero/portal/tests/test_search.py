"""Search: the database-side search table, its publish/unpublish path, and recall on the 30-query bench."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from breakzero.portal import search

from breakzero.portal.models import PolicyPage, SearchEntry, SectionPage
from breakzero.portal.search import highlight, portal_search, search_entries
from breakzero.portal.search_index import normalise, search_others_rebuild
from breakzero.portal.tests.search_queries import BODIES, DOCUMENTS, OTHERS, QUERIES

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
# Measured (BENCHMARKS.md, portal): LIKE alone finds 35 of 40 expected (0.88), the misses being titles
# remembered loosely; with the 2-character pieces (and pg_trgm on PostgreSQL) 40 of 40 on both databases.
RECALL_FLOOR = 1.0


@pytest.fixture
def library():
    """The bench's documents as live policy pages, the others through their apps, the table rebuilt."""
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    section = SectionPage.objects.get(slug="policies")
    PolicyPage.objects.child_of(section).exclude(slug__in=DOCUMENTS).delete()
    for slug, (title, number, issuer) in DOCUMENTS.items():
        PolicyPage.objects.child_of(section).filter(slug=slug).delete()
        section.add_child(instance=PolicyPage(title=title, slug=slug, document_number=number, issuer=issuer,
                                              issued_on=dt.date(2022, 1, 1), body=BODIES.get(slug, f"<p>{title}</p>")))
    _others()
    call_command("portal_search_rebuild", stdout=open("/dev/null", "w"))
    urls = {page.url: page.slug for page in PolicyPage.objects.all()}
    entries = {e.title: e.url for e in SearchEntry.objects.filter(title__in=OTHERS.values())}
    assert set(entries) == set(OTHERS.values())
    urls.update({entries[title]: key for key, title in OTHERS.items()})
    return urls


def _others() -> None:
    from breakzero.cultivation.models import Title
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory

    body = ServiceBodyFactory(name=OTHERS["body"], recognized_on=dt.date(2025, 1, 2))
    event = ServiceEventFactory(body=body, title=OTHERS["event"], held_on=dt.date(2026, 9, 1))
    listed = EnterpriseFactory(county_id="430104", name=OTHERS["listed"])
    Title.objects.create(enterprise=listed, tier="srdi_sme", level="provincial", batch="第一批",
                         recognized_on=dt.date(2025, 7, 1), valid_until=dt.date(2099, 6, 30))
    assert event.pk and listed.pk


def _recall(library: dict[str, str], *, fuzzy: bool) -> tuple[int, int, list[str]]:
    expected = found = 0
    misses = []
    for query, slugs in QUERIES.items():
        hit_slugs = {library.get(hit.url) for hit in portal_search(query=query, fuzzy=fuzzy)}
        expected += len(slugs)
        found += len(set(slugs) & hit_slugs)
        misses += [f"{query} → {s}" for s in slugs if s not in hit_slugs]
    return found, expected, misses


def test_normalise_drops_punctuation_and_width():
    assert normalise("首台（套）") == normalise("首台套") == "首台套"
    assert normalise("工信部企业(2022)63号") == normalise("工信部企业〔2022〕63号")


def test_highlight_marks_every_term_across_dropped_punctuation_and_escapes():
    text = "前言。" * 30 + "首台（套）重大技术装备<script>与首台套保险"
    snippet = highlight(text, ["首台套", "装备"])
    assert "<mark>首台（套</mark>）" in snippet and "<mark>首台套</mark>" in snippet and "<mark>装备</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert snippet.startswith("…")  # the window starts near the first term, not at the text's start


def test_search_recall_on_the_bench(library, monkeypatch):
    found, expected, misses = _recall(library, fuzzy=True)
    like_found, _, like_misses = _recall(library, fuzzy=False)
    monkeypatch.setattr(search, "_loose_title", lambda whole: Q(pk__in=[]))  # what trigrams add alone
    trigram_found, _, trigram_misses = _recall(library, fuzzy=True)
    print(f"portal search recall ({connection.vendor}): {found}/{expected} = {found / expected:.2f} "
          f"(LIKE only {like_found}/{expected} = {like_found / expected:.2f}; LIKE and trigrams without the "
          f"2-character pieces {trigram_found}/{expected}) over {len(QUERIES)} queries; misses: {misses}; "
          f"LIKE-only misses: {like_misses}; trigram misses: {trigram_misses}")
    assert len(QUERIES) == 30
    assert found / expected >= RECALL_FLOOR, misses


@pytest.mark.skipif(not POSTGRES, reason="pg_trgm: PostgreSQL only")
def test_search_on_postgres_uses_trigram_indexes_and_finds_loose_titles(library):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'portal_searchentry'")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT word_similarity('纾困', '关于加力帮扶中小微企业纾困解难的通知')")
        two_characters = cursor.fetchone()[0]
    assert {"portal_search_title_trgm", "portal_search_text_trgm"} <= names
    assert two_characters == 0  # why LIKE stays the base: a 2-character word has no trigram inside a run
    assert [h.title for h in portal_search(query="企业技术中心管理办法")][0] == DOCUMENTS["tech-centre"][0]
    assert not [h for h in portal_search(query="企业技术中心管理办法", fuzzy=False)]


def test_search_ranks_title_matches_first_and_highlights_the_snippet(client, library):
    titles = [h.title for h in portal_search(query="小巨人")]
    assert titles.index(DOCUMENTS["giant-plan"][0]) < titles.index(DOCUMENTS["srdi-measures"][0])
    body = client.get("/portal/search/", {"q": "三个层次"}).content.decode()  # in the full text only
    assert "优质中小企业梯度培育管理暂行办法" in body and "<mark>三个层次</mark>" in body


def test_search_is_paginated(client, library):
    section = SectionPage.objects.get(slug="policies")
    for number in range(12):
        section.add_child(instance=PolicyPage(title=f"湖南省分页测试政策{number}", slug=f"paged-{number}", issuer="省厅",
                                              issued_on=dt.date(2024, 1, 1), body="<p>分页</p>"))
    call_command("portal_search_rebuild", stdout=open("/dev/null", "w"))
    matching = search_entries(query="湖南").count()
    assert matching > 20
    first, second = portal_search(query="湖南"), portal_search(query="湖南", page=2)
    assert len(first.object_list) == 20 and len(second.object_list) == min(matching - 20, 20)
    assert not {h.url for h in first.object_list} & {h.url for h in second.object_list}
    body = client.get("/portal/search/", {"q": "湖南", "page": "2"}).content.decode()
    assert "第 2 / " in body and "q=%E6%B9%96%E5%8D%97" in body


def test_publishing_adds_the_page_and_unpublishing_removes_it(library, django_capture_on_commit_callbacks):
    section = SectionPage.objects.get(slug="policies")
    page = section.add_child(instance=PolicyPage(title="新发布的知识产权质押政策", slug="pledge", issuer="省厅",
                                                 issued_on=dt.date(2026, 1, 1), body="<p>质押融资</p>", live=False))
    assert not portal_search(query="质押").object_list
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [h.title for h in portal_search(query="质押")] == ["新发布的知识产权质押政策"]
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not SearchEntry.objects.filter(page=page).exists()
    assert not portal_search(query="质押").object_list


def test_unpublished_or_private_pages_never_appear_even_with_a_stale_row(library):
    from wagtail.models import PageViewRestriction

    from breakzero.portal.search_index import _page_entry

    section = SectionPage.objects.get(slug="policies")
    draft = section.add_child(instance=PolicyPage(title="未发布的草稿政策", slug="draft", issuer="x",
                                                  issued_on=dt.date(2022, 1, 1), body="<p>x</p>", live=False))
    secret = section.add_child(instance=PolicyPage(title="仅限登录的内部政策", slug="secret", issuer="x",
                                                   issued_on=dt.date(2022, 1, 1), body="<p>x</p>"))
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    call_command("portal_search_rebuild", stdout=open("/dev/null", "w"))
    assert not SearchEntry.objects.filter(page__in=[draft, secret]).exists()
    for page in (draft, secret):  # a row left behind (a missed task) is still not shown
        entry = _page_entry(page)
        entry.save()
    assert not search_entries(query="草稿政策").exists()
    assert not search_entries(query="内部政策").exists()


def test_non_public_lists_never_appear(library):
    """An enterprise that did not consent stays off the break-zero list; a call's list still in
    review is not a published list, and one whose 公示 ended is gone even if its row is stale."""
    from breakzero.calls.models import Call
    from breakzero.calls.tests.factories import make_call, make_programme
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.patents.models import BreakZeroEvent
    from breakzero.patents.tests.factories import PatentFactory

    private = EnterpriseFactory(county_id="430104", name="湖南搜索未同意科技有限公司")
    BreakZeroEvent.objects.create(enterprise=private, patent=PatentFactory(), break_zero_date=dt.date(2025, 3, 1),
                                  year=2025)
    consenting = EnterpriseFactory(county_id="430104", name="湖南搜索已同意科技有限公司", is_published_on_portal=True)
    BreakZeroEvent.objects.create(enterprise=consenting, patent=PatentFactory(), break_zero_date=dt.date(2025, 3, 1),
                                  year=2025)
    call = make_call(programme=make_programme(name="搜索评审中项目"), title="2026年搜索评审中名单")
    # Applications closed yesterday: the list is being reviewed, nothing of it is public yet.
    Call.objects.filter(pk=call.pk).update(enterprise_deadline=timezone.localdate() - dt.timedelta(days=1))
    call.refresh_from_db()
    search_others_rebuild()
    assert [h.title for h in portal_search(query="湖南搜索")] == ["湖南搜索已同意科技有限公司"]
    assert not search_entries(query="搜索评审中").exists()
    for kind in (SearchEntry.Kind.CALL, SearchEntry.Kind.PUBLISHED):  # rows left from before
        SearchEntry.objects.create(key=f"{kind}:{call.pk}", kind=kind, title=call.title,
                                   title_norm=normalise(call.title), url="/x/", source_id=call.pk)
    assert call.status != Call.Status.PUBLISHED
    assert not search_entries(query="搜索评审中").exists()


def test_refresher_rebuilds_the_lists_when_titles_change(library):
    from breakzero.core.hooks import run_refreshers
    from breakzero.cultivation.models import Title
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    giant = EnterpriseFactory(county_id="430104", name="湖南刷新巨人精密机械有限公司")
    Title.objects.create(enterprise=giant, tier="little_giant", level="national", batch="第五批",
                         recognized_on=dt.date(2024, 7, 1), valid_until=dt.date(2099, 6, 30))
    assert not search_entries(query="刷新巨人").exists()
    run_refreshers(sources=["titles"], enterprise_ids=[giant.pk])
    hits = list(portal_search(query="刷新巨人 精密"))
    assert [h.title for h in hits] == ["湖南刷新巨人精密机械有限公司"] and "国家级" in hits[0].meta
    assert "/portal/lists/little-giant/?q=" in hits[0].url
    assert not portal_search(query="刷新巨人 木材").object_list  # every term must match


def test_rebuild_command_is_idempotent(library):
    before = SearchEntry.objects.count()
    call_command("portal_search_rebuild", stdout=open("/dev/null", "w"))
    assert SearchEntry.objects.count() == before > len(DOCUMENTS)


def test_search_reads_an_articles_paragraphs_not_only_its_summary(library, django_capture_on_commit_callbacks):
    from breakzero.portal.models import ArticlePage

    cases = SectionPage.objects.get(slug="cases")
    article = cases.add_child(instance=ArticlePage(
        title="某县典型案例", slug="case-text", kind="case", issued_on=dt.date(2026, 3, 1), summary="摘要。",
        body=[("paragraph", "<p>组织<b>知识产权</b>管家上门服务。</p>")], live=False))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    hits = list(portal_search(query="知识产权管家"))
    assert [(h.title, h.kind) for h in hits] == [("某县典型案例", "典型案例")]
    assert "<mark>知识产权管家</mark>" in hits[0].snippet


def test_others_rebuild_writes_only_the_difference(library):
    """Unchanged rows keep their row (no table churn on every refresh); a changed one is updated in
    place; one that left the public set is deleted; a new one is added."""
    from breakzero.service_bodies.models import ServiceBody, ServiceEvent
    from breakzero.service_bodies.tests.factories import ServiceEventFactory

    others = SearchEntry.objects.exclude(kind__in=("policy", "notice", "practice", "case"))
    before = dict(others.values_list("key", "pk"))
    assert before
    assert search_others_rebuild() == len(before)
    assert dict(others.values_list("key", "pk")) == before

    body = ServiceBody.objects.get(name=OTHERS["body"])
    ServiceBody.objects.filter(pk=body.pk).update(description="专注数字化诊断服务")
    ServiceEvent.objects.filter(title=OTHERS["event"]).delete()
    added = ServiceEventFactory(body=body, title="搜索差量新增活动", held_on=dt.date(2026, 10, 1))
    search_others_rebuild()
    after = dict(others.values_list("key", "pk"))
    assert after[f"body:{body.pk}"] == before[f"body:{body.pk}"]
    assert "数字化诊断" in SearchEntry.objects.get(key=f"body:{body.pk}").text
    assert not [k for k in after if k.startswith("event:") and k != f"event:{added.pk}"]
    assert f"event:{added.pk}" in after
    assert [h.title for h in portal_search(query="搜索差量新增")] == ["搜索差量新增活动"]
    unchanged = {k: v for k, v in before.items() if not k.startswith(("body:", "event:"))}
    assert {k: after[k] for k in unchanged} == unchanged
