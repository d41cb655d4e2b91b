"""The fixture world of the generated access matrix."""

import pytest

from breakzero.audit.tests.access_world import World


@pytest.fixture
def world(db, settings):
    """Side-A users of every role; side-B objects on demand (access_world.py)."""
    settings.API_RATE_USER = "100000/min"  # thousands of requests: the throttle is not under test here
    return World()
