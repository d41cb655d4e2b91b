"""Persona fixtures shared by every app's tests (STYLE §6)."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from hypothesis import settings as hypothesis_settings

from breakzero.accounts.models import Role, User

# Property tests judge results, not time: no per-example deadline. Hypothesis's default (200 ms)
# turned an example slowed by a busy machine (parallel workers, other jobs) into a "Flaky" failure.
hypothesis_settings.register_profile("breakzero", deadline=None)
hypothesis_settings.load_profile("breakzero")


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live server, browser) flush the migration-loaded divisions and
    chains; reload them when a test using the database finds them gone."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not marker and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    load_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data once per test database, committed: with --nomigrations (the mutation check)
    no migration loads it, and reloading it inside every test's transaction cost each test a few
    hundred queries. With migrations it is already there (no-op)."""
    with django_db_blocker.unblock():
        load_reference_data()


def load_reference_data() -> None:
    """Load what the data migrations load, where it is missing."""
    for model, migration, loader in SEEDED_BY_MIGRATIONS:
        if not django_apps.get_model(model).objects.exists():
            getattr(import_module(migration), loader)(django_apps, None)
    from wagtail.models import Collection

    if not Collection.objects.exists():  # Wagtail's root collection (its migration makes it); images and documents need it
        Collection.add_root(name="Root")


# Reference data loaded by data migrations, which a transactional test's flush removes:
# (model whose emptiness shows it is gone, migration module, its loading function).
SEEDED_BY_MIGRATIONS = [
    ("regions.Region", "breakzero.regions.migrations.0002_load_hunan_divisions", "load"),
    ("enterprises.IndustrialChain", "breakzero.enterprises.migrations.0002_seed_industrial_chains", "load"),
    ("calls.CalendarDay", "breakzero.calls.migrations.0002_seed_holidays", "load"),
    ("core.ProgrammePeriod", "breakzero.core.migrations.0003_programme_period", "create_plan_period"),
    ("reporting.DataSet", "breakzero.reporting.migrations.0002_seed_yearly_dataset", "load"),
    # The portal's home (and Wagtail's root and Site under it): /portal/ is never Wagtail's welcome page.
    ("portal.PortalHomePage", "breakzero.portal.migrations.0002_portal_home", "create_home"),
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters (the API's per-address limit counts
    every unauthenticated call), to-do badges and cached pages must not leak between tests that
    share a worker process."""
    from django.core.cache import cache

    from breakzero.indicators.access import forget_regions
    from breakzero.indicators.selectors import forget_summary_version

    cache.clear()
    forget_regions()  # the progress pages' process memos too (regions, summaries' version)
    forget_summary_version()
    yield


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Each test starts in the default language: a request made in English by an earlier test
    leaves the thread's translation active (LocaleMiddleware does not reset it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def make_user(username: str, role: str, region_code: str | None = None, enterprise=None) -> User:
    user = User.objects.create_user(username=username, password="Pw-for-tests-2020", role=role, region_id=region_code)
    if enterprise is not None:
        user.enterprise = enterprise
        user.save(update_fields=["enterprise"])
    return user


@pytest.fixture
def province_official(db) -> User:
    return make_user("t-province", Role.PROVINCE_OFFICIAL, "430000")


@pytest.fixture
def city_official(db) -> User:
    """长沙市 official."""
    return make_user("t-city-430100", Role.CITY_OFFICIAL, "430100")


@pytest.fixture
def other_city_official(db) -> User:
    """岳阳市 official."""
    return make_user("t-city-430600", Role.CITY_OFFICIAL, "430600")


@pytest.fixture
def county_official(db) -> User:
    """岳麓区 (长沙市) official."""
    return make_user("t-county-430104", Role.COUNTY_OFFICIAL, "430104")


@pytest.fixture
def other_county_official(db) -> User:
    """岳阳楼区 (岳阳市) official."""
    return make_user("t-county-430602", Role.COUNTY_OFFICIAL, "430602")


@pytest.fixture
def system_admin(db) -> User:
    return make_user("t-admin", Role.SYSTEM_ADMIN)


@pytest.fixture
def enterprise_user(db) -> User:
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(county_id="430104")
    return make_user("t-enterprise", Role.ENTERPRISE, enterprise=enterprise)


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as `user`."""

    def login(user: User):
        client.force_login(user)
        return client

    return login
