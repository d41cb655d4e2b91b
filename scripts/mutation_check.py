#!/usr/bin/env python
"""Proof that the access guards bite: each scope check, broken by a one-line mutation, must make the
access tests fail.

The tree is copied to a temporary directory (the working tree is never touched); each mutation is
applied there by exact text substitution, the access tests that cover it run (SQLite, -x, fixed
order), and the original text is restored. A mutation whose text is no longer found fails the check
too (the scope check moved: update MUTANTS). Exit status 0 only if every mutant is killed and the
unmutated copy passes.

    .venv/bin/python scripts/mutation_check.py            # all mutants, 2 in parallel
    .venv/bin/python scripts/mutation_check.py --list     # what is mutated
    .venv/bin/python scripts/mutation_check.py -k events  # only mutants whose id contains "events"
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = "breakzero/audit/tests/test_access_generated.py"
ROLES_FILE = "breakzero/audit/tests/test_access_generated_roles.py"
LISTS_FILE = "breakzero/audit/tests/test_access_generated_lists.py"
OBJECTS = f"{MATRIX}::test_route_refuses_objects_of_another_side"
ROLES = f"{ROLES_FILE}::test_roles_not_allowed_are_refused_for_every_method"
LISTS = f"{LISTS_FILE}::test_pages_without_object_show_nothing_of_another_side"


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # pytest node ids (and -k) that must fail
    select: str = ""  # -k expression narrowing `tests` to the routes concerned


MUTANTS = [
    # core.permissions: the role decorator
    Mutant("roles-skip-post", "breakzero/core/permissions.py",
           "if not user.is_authenticated or user.role not in flat:",
           'if request.method != "POST" and (not user.is_authenticated or user.role not in flat):', (ROLES,)),
    Mutant("roles-skip-get", "breakzero/core/permissions.py",
           "if not user.is_authenticated or user.role not in flat:",
           'if request.method != "GET" and (not user.is_authenticated or user.role not in flat):', (ROLES,)),
    # core.imports: a job is its creator's
    Mutant("import-job-owner", "breakzero/core/views.py",
           "get_object_or_404(ImportJob, pk=pk, created_by=request.user)", "get_object_or_404(ImportJob, pk=pk)",
           (OBJECTS,), "import"),
    Mutant("import-jobs-listed", "breakzero/core/views.py",
           "ImportJob.objects.filter(kind=kind, created_by=request.user)[:10]", "ImportJob.objects.filter(kind=kind)[:10]",
           (LISTS,), "import"),
    # enterprises
    Mutant("enterprises-region", "breakzero/enterprises/access.py",
           "return qs.filter(**descendants_filter(region))", "return qs", (OBJECTS,), "enterprise"),
    Mutant("enterprises-own", "breakzero/enterprises/access.py",
           "return qs.filter(pk=user.enterprise_id)", "return qs", (OBJECTS,), "enterprise"),
    # patents
    Mutant("patents-visible", "breakzero/patents/access.py",
           "return qs.filter(Exists(mine))", "return qs", (OBJECTS,), "patent"),
    Mutant("review-items-visible", "breakzero/patents/access.py",
           "return ReviewItem.objects.filter(enterprise__in=enterprises_visible_to(user).values(\"pk\"))",
           "return ReviewItem.objects.filter(enterprise__isnull=False)", (OBJECTS,), "review"),
    # cultivation
    # the cultivation applications are the engine's (calls.selectors.applications_visible_to)
    Mutant("applications-all", "breakzero/calls/selectors.py",
           "return Application.objects.filter(application_scope(user)).select_related(",
           "return Application.objects.filter().select_related(", (OBJECTS,), "application"),
    Mutant("titles-all", "breakzero/cultivation/selectors.py",
           "qs = Title.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(",
           "qs = Title.objects.all().select_related(", (LISTS,), "title or published"),
    # calls (the workflow engine) and demonstration
    Mutant("call-applications-region", "breakzero/calls/access.py",
           "return Q(**{OFFICIAL_LEVEL_FIELD[role]: user.region_id}) & ~Q(state=State.DRAFT)",
           "return ~Q(state=State.DRAFT)", (OBJECTS,), "calls and application"),
    Mutant("call-applications-own", "breakzero/calls/access.py",
           "return Q(enterprise_id=user.enterprise_id) if user.enterprise_id else Q(pk__in=[])", "return Q()",
           (OBJECTS,), "calls and application"),
    Mutant("call-applications-assigned", "breakzero/calls/access.py",
           "return Q(assignments__member__expert__user_id=user.pk)", "return Q()", (OBJECTS,), "calls and application"),
    Mutant("cases-region", "breakzero/demonstration/selectors.py",
           "scope |= Q(enterprise__in=enterprises_visible_to(user))", "scope |= Q()", (OBJECTS,), "case"),
    # service bodies
    Mutant("bodies-region", "breakzero/service_bodies/access.py",
           "    if _sees_all(user):\n        return qs\n    region_q = _region_q(user, county_field=\"region\", city_field=\"city\")\n    if region_q is not None:\n        return qs.filter(region_q)",
           "    if _sees_all(user):\n        return qs\n    region_q = _region_q(user, county_field=\"region\", city_field=\"city\")\n    if region_q is not None:\n        return qs",
           (OBJECTS,), "service_bodies"),
    Mutant("bodies-managed-region", "breakzero/service_bodies/access.py",
           "sees_whole_province(user):\n        return qs\n    region_q = _region_q(user, county_field=\"region\", city_field=\"city\")\n    if region_q is not None:\n        return qs.filter(region_q)",
           "sees_whole_province(user):\n        return qs\n    region_q = _region_q(user, county_field=\"region\", city_field=\"city\")\n    if region_q is not None:\n        return qs",
           # the test that kills it (an official's import outside their region), not the two files it is in
           ("breakzero/digital/tests/test_solution_imports.py::test_solution_import_official_only_bodies_of_their_region",)),
    Mutant("bodies-member", "breakzero/service_bodies/access.py",
           "return qs.filter(members__user=user)", "return qs", (OBJECTS,), "service_bodies"),
    Mutant("events-unscoped", "breakzero/service_bodies/access.py",
           "return ServiceEvent.objects.filter(body__in=bodies_visible_to(user))", "return ServiceEvent.objects.all()",
           (OBJECTS,), "event or material"),
    Mutant("engineers-region", "breakzero/service_bodies/access.py",
           "    region_q = _region_q(user, county_field=\"county\", city_field=\"city\")\n    if region_q is not None:\n        return qs.filter(region_q)",
           "    region_q = _region_q(user, county_field=\"county\", city_field=\"city\")\n    if region_q is not None:\n        return qs",
           (OBJECTS,), "engineer"),
    Mutant("records-region", "breakzero/service_bodies/access.py",
           "    region_q = _region_q(user, county_field=\"body__region\", city_field=\"body__city\")\n    if region_q is not None:\n        return qs.filter(region_q)",
           "    region_q = _region_q(user, county_field=\"body__region\", city_field=\"body__city\")\n    if region_q is not None:\n        return qs",
           (OBJECTS, LISTS), "record"),
    Mutant("needs-all", "breakzero/service_bodies/access.py",
           "return TechNeed.objects.filter(enterprise__in=enterprises_visible_to(user))", "return TechNeed.objects.all()",
           (LISTS,), "market"),
    # reports
    Mutant("tasks-county", "breakzero/reports/selectors.py",
           "    return qs.filter(region_id=own.code)\n", "    return qs\n", (OBJECTS,), "task or attachment"),
    Mutant("tasks-city", "breakzero/reports/selectors.py",
           "return qs.filter(Q(region_id=own.code) | Q(region__city_code=own.code))", "return qs",
           (OBJECTS,), "task or attachment"),
    # empowerment programmes (digital, contests, talent, IP finance, 民参军)
    Mutant("digital-assessments-all", "breakzero/digital/selectors.py",
           "return Assessment.objects.filter(enterprise__in=enterprises_visible_to(user))",
           "return Assessment.objects.filter()", (OBJECTS,), "digital"),
    Mutant("contest-entries-region", "breakzero/contests/selectors.py",
           "return qs.filter(Q(city=region) if region.is_prefecture else Q(county=region))", "return qs",
           (OBJECTS,), "contests"),
    # contests on the engine: an expert sees only the entries assigned to them; a city only its region's rows
    Mutant("contest-entries-expert-assigned", "breakzero/contests/selectors.py",
           'Assignment.objects.filter(member__expert__user_id=user.pk, ', "Assignment.objects.filter(",
           ("breakzero/contests/tests/test_stages.py::test_expert_sees_only_assigned_entries",)),
    Mutant("contest-recommendations-scoped", "breakzero/contests/stages.py",
           "for entry in entries.filter(contest=contest, pk__in=list(apps)):",
           "for entry in Entry.objects.filter(contest=contest, pk__in=list(apps)):",
           ("breakzero/contests/tests/test_stages.py::test_recommendation_list_city_sees_own_region_province_all",)),
    Mutant("contest-stage-results-scoped", "breakzero/contests/stages.py",
           "for entry in entries.filter(contest=contest, pk__in=list(by_entry))]",
           "for entry in Entry.objects.filter(contest=contest, pk__in=list(by_entry))]",
           ("breakzero/contests/tests/test_stages.py::test_stage_results_page_and_export_scoped_to_region",)),
    # each entrant's later path: a city sees its region's entrants only
    Mutant("contest-later-paths-scoped", "breakzero/contests/views.py",
           "    entries = selectors.entries_visible_to(request.user).filter(contest=contest)\n    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get(\"page\"))\n    return render_page(request, \"contests/later_paths.html\"",
           "    entries = selectors.entries_visible_to(request.user).model.objects.filter(contest=contest)\n    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get(\"page\"))\n    return render_page(request, \"contests/later_paths.html\"",
           ("breakzero/contests/tests/test_workflow.py::test_later_paths_page_and_export_scoped",)),
    Mutant("contest-quota-province", "breakzero/contests/services.py",
           'if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:\n        raise DomainError("决赛名额由省级主办单位设置")',
           'if False:\n        raise DomainError("决赛名额由省级主办单位设置")',
           ("breakzero/contests/tests/test_stages.py::test_final_quotas_set_by_the_province_until_the_selection",)),
    Mutant("talents-all", "breakzero/talent/selectors.py",
           "return LeadingTalent.objects.filter(enterprise__in=enterprises_visible_to(user))",
           "return LeadingTalent.objects.filter()", (LISTS,), "talent"),
    Mutant("pledge-loans-all", "breakzero/ipfinance/selectors.py",
           "(PledgeLoan.objects.filter(enterprise__in=enterprises_visible_to(user))",
           "(PledgeLoan.objects.filter()", (LISTS,), "ipfinance"),
    Mutant("defence-qualifications-all", "breakzero/defence/selectors.py",
           "return Qualification.objects.filter(enterprise__in=enterprises_visible_to(user))",
           "return Qualification.objects.filter()", (LISTS,), "defence"),
    Mutant("achievements-region", "breakzero/ipfinance/selectors.py",
           "return qs.filter(Q(is_open=True) | Q(**descendants_filter(region)))", "return qs", (LISTS,), "achievement"),
    Mutant("navigation-projects-region", "breakzero/ipfinance/selectors.py",
           "    return qs.filter(**descendants_filter(region)) if region is not None else qs.none()\n", "    return qs\n",
           (OBJECTS,), "navigation"),
    Mutant("talent-visits-region", "breakzero/talent/selectors.py",
           "return qs.filter(**descendants_filter(region)) if region is not None else qs.none()", "return qs",
           (LISTS,), "visit"),
    Mutant("achievement-write-region", "breakzero/ipfinance/services.py",
           "        return governs_region(actor, county or city)\n", "        return True\n",
           ("breakzero/ipfinance/tests/test_library.py::test_achievement_other_region_refused_enterprise_holder_placed_in_its_region",)),
    Mutant("contest-national-province", "breakzero/contests/services.py",
           'if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:\n        raise DomainError("全国赛结果由省级主办单位录入")',
           'if False:\n        raise DomainError("全国赛结果由省级主办单位录入")',
           ("breakzero/contests/tests/test_national.py::test_national_result_only_by_the_province_for_a_finalist",)),
    # service bodies' own courses and the solutions catalogue imports (plan §二(五)(八)): a body writes its own only
    Mutant("body-courses-own", "breakzero/talent/selectors.py",
           "return qs.filter(body_id__in=member_body_ids(user))", "return qs", (LISTS, OBJECTS), "course"),
    Mutant("body-course-write-own", "breakzero/talent/services.py",
           "if not can_manage_body(actor, body) or (course is not None", "if False or (course is not None",
           ("breakzero/talent/tests/test_body_courses.py::test_body_course_other_body_refused",)),
    Mutant("body-course-import-own", "breakzero/talent/sheets.py",
           "qs = ServiceBody.objects.all() if scope.is_shell else bodies_managed_by(scope.user)",
           "qs = ServiceBody.objects.all()",
           ("breakzero/talent/tests/test_body_courses.py::test_body_course_import_own_body_only_and_reload_updates",)),
    Mutant("solution-import-own-body", "breakzero/digital/solution_sheets.py",
           "qs = ServiceBody.objects.all() if scope.is_shell else bodies_managed_by(scope.user)",
           "qs = ServiceBody.objects.all()",
           ("breakzero/digital/tests/test_solution_imports.py::test_solution_import_body_staff_write_own_body_only_with_row_errors",)),
    Mutant("adoption-import-own-solution", "breakzero/digital/solution_sheets.py",
           "qs = qs.filter(body_id__in=_managed_bodies(scope).values())", "qs = qs",
           ("breakzero/digital/tests/test_solution_imports.py::test_adoption_import_body_staff_only_own_solutions",)),
    Mutant("adoption-import-official-region", "breakzero/digital/solution_sheets.py",
           "qs = qs.filter(**(scope.enterprise_filter() or {}))", "qs = qs",
           ("breakzero/digital/tests/test_solution_imports.py::test_adoption_import_official_only_enterprises_of_their_county",)),
    # funds: a city's officials and finance read their city's projects and vouchers only
    Mutant("funds-projects-city", "breakzero/funds/access.py",
           "return Q(city_id=region.code)", "return Q()", (OBJECTS,), "funds"),
    Mutant("funds-vouchers-region", "breakzero/funds/access.py",
           "return Q(enterprise__city_id=region.code) if region.is_prefecture else Q(enterprise__county_id=region.code)",
           "return Q()", (LISTS,), "funds"),
    # funds: credit records and bans (enterprises and service bodies) are read by their own region only
    Mutant("funds-credit-region", "breakzero/funds/access.py",
           'scope |= Q(**{f"{party}__{PARTY_REGION_FIELDS[party][level]}": region.code})', "scope |= Q(pk__isnull=False)",
           (LISTS,), "credit"),
    # accounts.officials: a city manages only its own counties' officials
    Mutant("officials-city", "breakzero/accounts/officials.py",
           "User.objects.filter(role=role, region__city_code=user.region_id)", "User.objects.filter(role=role)",
           (LISTS,), "official"),
    Mutant("bulletins-all", "breakzero/reports/selectors.py",
           "return Bulletin.objects.filter(region_id__in=codes)", "return Bulletin.objects.all()",
           (OBJECTS,), "bulletin"),
    # portal: a picture is public only while a live article shows it (drafts' pictures stay private)
    Mutant("portal-images-live-only", "breakzero/portal/media.py",
           "if rendition is None or rendition.image_id not in live_image_ids():", "if rendition is None:",
           ("breakzero/portal/tests/test_media.py",)),
    Mutant("portal-images-draft-pages", "breakzero/portal/media.py",
           "ArticlePage.objects.live().public().only(\"body\")", "ArticlePage.objects.only(\"body\")",
           ("breakzero/portal/tests/test_media.py",)),
    # portal search: a row left in the search table never shows a withdrawn page or a call out of its window
    Mutant("portal-search-public-only", "breakzero/portal/search.py",
           "entries = _public(SearchEntry.objects.filter(matches))", "entries = SearchEntry.objects.filter(matches)",
           ("breakzero/portal/tests/test_search.py",), "stale_row or non_public"),
]

# The unmutated copy must pass these (make test runs the whole matrix on the tree itself).
BASELINE = "declares or covers or import-detail or event-detail or application-detail or market or task-detail"
COPY_IGNORE = shutil.ignore_patterns(".venv", "var", "node_modules", ".git", "__pycache__", "*.pyc", "*.sqlite3")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only mutants whose id contains this text")
    parser.add_argument("-j", type=int, default=2, help="mutants run in parallel (one tree copy each)")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    mutants = [m for m in MUTANTS if args.k in m.id]
    if args.list:
        for m in mutants:
            print(f"{m.id:24} {m.path}: {m.old.strip()[:60]!r} → {m.new.strip()[:60]!r}")
        return 0
    problems = [f"{m.id}: text not found once in {m.path}" for m in mutants if (ROOT / m.path).read_text().count(m.old) != 1]
    if problems:
        print("mutation targets moved (update scripts/mutation_check.py):\n  " + "\n  ".join(problems))
        return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bz-mutants-") as tmp:
        copies: queue.Queue[Path] = queue.Queue()
        for i in range(max(1, args.j)):
            copy = Path(tmp) / f"tree{i}"
            shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
            copies.put(copy)
        jobs = [None, *mutants]  # None: the unmutated copy must pass
        with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
            results = list(pool.map(lambda m: _run(m, copies), jobs))
    failed = False
    for mutant, (code, seconds, tail) in zip(jobs, results, strict=True):
        if mutant is None:
            ok = code == 0
            print(f"{'ok' if ok else 'FAIL':8} unmutated copy passes the access tests ({seconds:.0f} s)")
        else:
            ok = code == 1  # tests failed; 2-5 would be a broken mutant or nothing collected
            verdict = "killed" if ok else ("SURVIVED" if code == 0 else f"ERROR {code}")
            print(f"{verdict:8} {mutant.id} ({seconds:.0f} s)")
        if not ok:
            failed = True
            print("         " + tail.replace("\n", "\n         "))
    print(f"{len(mutants)} mutants in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


def _run(mutant: Mutant | None, copies: queue.Queue[Path]) -> tuple[int, float, str]:
    copy = copies.get()
    target = copy / mutant.path if mutant else None
    original = target.read_text() if target else ""
    started = time.monotonic()
    try:
        if target:
            target.write_text(original.replace(mutant.old, mutant.new, 1))
        tests = mutant.tests if mutant else (MATRIX,)
        select = ["-k", mutant.select if mutant else BASELINE] if (mutant is None or mutant.select) else []
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_ADDOPTS", "PYTHONPATH"}}
        env["PYTHONPATH"] = str(copy)  # the copy's code, not the working tree's (installed editable)
        # Only pytest-django: the other installed plugins (hypothesis, schemathesis, faker) cost seconds
        # to import; tables from the models (the conftest loads the regions a test needs).
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        command = [sys.executable, "-m", "pytest", "-p", "pytest_django.plugin", "--nomigrations", "-x", "-q",
                   *tests, *select]
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=600)
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-6:])
        return done.returncode, time.monotonic() - started, tail
    finally:
        if target:
            target.write_text(original)
        copies.put(copy)


if __name__ == "__main__":
    sys.exit(main())
