"""The fixture world of the generated access matrix."""

import pytest
from django.db import transaction

from breakzero.audit.tests.access_world import BUILDERS, World


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """One world per test module, every side-B object and its owners built, in a transaction rolled back
    at the module's end. Building it for each of the ~500 matrix tests was most of their time.

    Each test runs inside it in a savepoint (pytest-django's `db`), so whatever a test writes (an
    owner's POST, a leak under test) is undone before the next one; the world's rows are never
    written by a refused request, and any write by an owner is rolled back with the test."""
    from breakzero.audit.tests.routes_matrix import _owners  # (imported here: it walks every route at import)

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's TestCase marks its own: a durable block inside stays legal
        atomic.__enter__()
        try:
            world = World()
            for key in BUILDERS:
                world.get(key)
            _owners(world)  # side-B owners bound to their enterprise and body now, not inside a test's savepoint
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db, settings):
    """Side-A users of every role; side-B objects (access_world.py), shared by the module's tests."""
    settings.API_RATE_USER = "100000/min"  # thousands of requests: the throttle is not under test here
    built = dict(_module_world._cache)
    yield _module_world
    # an object a test built lazily was rolled back with the test's savepoint: forget it
    _module_world._cache = built
