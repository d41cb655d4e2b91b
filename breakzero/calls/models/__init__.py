"""The workflow engine's records: programmes, calls (批次), applications and their history, eligibility,
expert panels and scores, 公示 objections, the working-day calendar, and recognitions with obligations."""

from breakzero.calls.models.publication import CalendarDay, Objection, Obligation, Recognition  # noqa: F401
from breakzero.calls.models.review import (  # noqa: F401
    Assignment,
    EligibilityResult,
    EligibilityRun,
    Expert,
    PanelMember,
)
from breakzero.calls.models.workflow import (  # noqa: F401
    CLOSED_STATES,
    LEVEL_STATE,
    STATE_LEVEL,
    Application,
    Call,
    CallQuota,
    Level,
    Programme,
    State,
    Transition,
)
