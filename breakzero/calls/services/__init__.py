"""Every write of the engine (STYLE §3 services), split by sub-domain; import from here."""

from breakzero.calls.services.applications import (  # noqa: F401
    application_create,
    application_decide,
    application_decide_on_engine,
    application_invite,
    application_submit,
    application_update,
    application_withdraw,
    applications_rank,
    engine_actions,
)
from breakzero.calls.services.calls import call_create, eligibility_run_start, programme_create  # noqa: F401
from breakzero.calls.services.panels import (  # noqa: F401
    expert_create,
    panel_draw,
    score_sheet_save,
    score_sheet_submit,
)
from breakzero.calls.services.publicity import (  # noqa: F401
    calendar_day_set,
    call_publish,
    call_publicity_start,
    objection_file,
    obligation_fulfil,
    objection_resolve,
    recognition_create,
    recognition_revoke,
)
