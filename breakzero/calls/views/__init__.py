"""Pages of the engine (htmx, Chinese): calls, applications, eligibility, panels, public notices."""

from breakzero.calls.views.applications import *  # noqa: F401,F403
from breakzero.calls.views.calls import *  # noqa: F401,F403
from breakzero.calls.views.panels import *  # noqa: F401,F403
from breakzero.calls.views.public import *  # noqa: F401,F403
from breakzero.calls.views.recognitions import *  # noqa: F401,F403
