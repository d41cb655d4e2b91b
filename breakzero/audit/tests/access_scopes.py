"""Where every route's scope is declared, for the generated access matrix (test_access_generated.py).

A new route is covered with no new test, but it must say what its URL names:

1. A path parameter that names an object: add the route to ROUTE_OBJECTS
   (`"app:url-name": {"pk": "enterprise"}`), or name the parameter after its object in the API
   (`enterprise_id`, `body_id` … see KWARG_OBJECTS). The object key is a builder in
   `access_world.BUILDERS` that makes a side-B object (another region, enterprise, service body);
   add one there for a new model, and say in SEEN_BY which side-A roles may legitimately see it.
   A parameter that is not an object (a year, a file kind) gets its value in ROUTE_VALUES.
2. A route with no object (lists, forms, a role-wide object such as the province's evaluation
   scheme): add it to NO_OBJECT_ROUTES with the reason. Its GET pages are still searched for
   side-B names the role may not see.

Every side-A user of every role then requests the side-B object by GET and POST (the API: by
its declared methods) and must be refused with no row written.
"""

from __future__ import annotations

from breakzero.accounts.models import Role

P, C, K = Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL
E, S, X, SYS = Role.ENTERPRISE, Role.SERVICE_BODY, Role.EXPERT, Role.SYSTEM_ADMIN
WHOLE_PROVINCE = frozenset({P, SYS})

# Which side-A roles may see each side-B object (everyone else must be refused).
SEEN_BY: dict[str, frozenset[str]] = {
    "enterprise": WHOLE_PROVINCE,
    "enterprise_year": WHOLE_PROVINCE,
    "patent": WHOLE_PROVINCE,
    "review_item": frozenset({P}),
    "application": WHOLE_PROVINCE,
    "publicity_application": WHOLE_PROVINCE,  # another city's 公示 is not this enterprise's to object to
    "objection": WHOLE_PROVINCE,
    "title": WHOLE_PROVINCE,
    "body": WHOLE_PROVINCE | {E, X},  # the catalogue of active bodies is open to enterprises and experts
    "event": WHOLE_PROVINCE | {E, X},
    "material": WHOLE_PROVINCE | {E, X},
    "engineer": WHOLE_PROVINCE,
    "record": WHOLE_PROVINCE,
    "need": WHOLE_PROVINCE | {S, X},  # open needs are offered to every service body and expert
    "plan": frozenset({P}),
    "bulletin": frozenset({P}),
    "task": frozenset({P}),
    "attachment": frozenset({P}),
    "import_job": frozenset(),  # only its creator
    "token": frozenset(),  # only its owner
    "notification": frozenset(),
    "call_application": frozenset({P}),  # experts see only what they are assigned; admins none
    "call_objection": frozenset({P}),
    "obligation": frozenset(),  # only the recognised enterprise reports
    "project": WHOLE_PROVINCE,
    "digital_assessment": WHOLE_PROVINCE,
    "contest": frozenset(Role),  # contest editions are announced to every logged-in user (role-wide)
    "contest_entry": WHOLE_PROVINCE,
    "leading_talent": WHOLE_PROVINCE,
    "pledge_loan": WHOLE_PROVINCE,
    "defence_qualification": WHOLE_PROVINCE,
    "solution": WHOLE_PROVINCE | {E, X},  # as its body: the catalogue is open to enterprises and experts
    "case": frozenset({P}),  # under editorial review: the province and its own region only
    "call": frozenset(Role),  # calls are announced to every logged-in user (role-wide)
    # Role-wide objects (the province's evaluation scheme and its subsidy plans): the route's role is the scope.
    "scheme": frozenset(Role),
    "subsidy": frozenset(Role),
}

# Pages that show side-B names to a role on purpose: route → (roles, marker keys shown, reason).
SHOWN_ON_PURPOSE: dict[str, tuple[frozenset[str], frozenset[str], str]] = {
    "audit:entry-list": (frozenset({Role.AUDIT_ADMIN}), frozenset({"*"}),
                         "the audit trail names objects of every region (三员分立)"),
    "audit:entry-export": (frozenset({Role.AUDIT_ADMIN}), frozenset({"*"}),
                           "the audit trail names objects of every region (三员分立)"),
    "service_bodies:market": (frozenset({S, X}), frozenset({"enterprise"}),
                              "an open technology need is published with its enterprise's name for bodies to answer"),
}

# Text that names each side-B object on a page: a role outside SEEN_BY must never be shown it.
MARKERS: dict[str, str] = {
    "enterprise": "乙方竞争科技",
    "patent": "乙方一种专利",
    "engineer": "乙方工程师",
    "event": "乙方培训活动",
    "body": "乙方服务平台",
    "record": "乙方服务内容",
    "need": "乙方技术需求",
    "task": "乙方督办事项",
    "notification": "乙方通知",
    "call_application": "乙方申报内容",
    "call_objection": "乙方异议理由",
    "project": "乙方产品",
    "case": "乙方典型案例",
    "digital_assessment": "乙方评测机构",
    "solution": "乙方解决方案",
    "contest_entry": "乙方参赛项目",
    "leading_talent": "乙方领军人才",
    "pledge_loan": "乙方质押银行",
    "defence_qualification": "乙方资格证书",
}

# API path parameters named after their object.
KWARG_OBJECTS: dict[str, str] = {
    "enterprise_id": "enterprise",
    "application_id": "application",
    "body_id": "body",
    "engineer_id": "engineer",
    "event_id": "event",
    "token_id": "token",
    "call_application_id": "call_application",
}

# URL kwargs of HTML routes: route name → {kwarg: object key}.
ROUTE_OBJECTS: dict[str, dict[str, str]] = {
    "core:import-detail": {"pk": "import_job"},
    "core:import-confirm": {"pk": "import_job"},
    "core:import-errors": {"pk": "import_job"},
    "enterprises:enterprise-detail": {"pk": "enterprise"},
    "enterprises:enterprise-edit": {"pk": "enterprise"},
    "enterprises:enterprise-contact-reveal": {"pk": "enterprise"},
    "enterprises:enterprise-year-create": {"pk": "enterprise"},
    "enterprises:enterprise-year-edit": {"pk": "enterprise", "year": "enterprise_year"},
    "api:/enterprises/{enterprise_id}/years/{year}": {"enterprise_id": "enterprise", "year": "enterprise_year"},
    "patents:patent-detail": {"pk": "patent"},
    "patents:review-confirm": {"pk": "review_item"},
    "patents:review-reject": {"pk": "review_item"},
    "patents:enterprise-fragment": {"pk": "enterprise"},
    "cultivation:enterprise-fragment": {"pk": "enterprise"},
    "cultivation:application-detail": {"pk": "application"},
    "cultivation:application-transition": {"pk": "application"},
    "cultivation:application-resubmit": {"pk": "application"},
    "cultivation:objection-create": {"pk": "publicity_application"},
    "cultivation:objection-resolve": {"pk": "objection"},
    "policies:checkup": {"pk": "enterprise"},
    "policies:declare": {"pk": "enterprise"},
    "reports:plan-detail": {"pk": "plan"},
    "reports:plan-review": {"pk": "plan"},
    "reports:plan-file": {"pk": "plan"},
    "reports:bulletin-detail": {"pk": "bulletin"},
    "reports:bulletin-file": {"pk": "bulletin"},
    "reports:task-detail": {"pk": "task"},
    "reports:task-action": {"pk": "task"},
    "reports:attachment-download": {"pk": "attachment"},
    "service_bodies:body-detail": {"pk": "body"},
    "service_bodies:body-edit": {"pk": "body"},
    "service_bodies:product-create": {"pk": "body"},
    "service_bodies:record-create": {"pk": "body"},
    "service_bodies:event-create": {"pk": "body"},
    "service_bodies:offering-create": {"pk": "body"},
    "service_bodies:record-rate": {"pk": "record"},
    "service_bodies:event-detail": {"pk": "event"},
    "service_bodies:event-qr": {"pk": "event"},
    "service_bodies:material-upload": {"pk": "event"},
    "service_bodies:material-download": {"pk": "material"},
    "service_bodies:event-checkin": {"token": "event"},  # the signed check-in token of the event
    "service_bodies:engineer-detail": {"pk": "engineer"},
    "service_bodies:engineer-reveal": {"pk": "engineer"},
    # role-wide objects (listed in NO_OBJECT_ROUTES too): only the role matrix requests them
    "service_bodies:evaluation-detail": {"pk": "scheme"},
    "service_bodies:evaluation-compute": {"pk": "scheme"},
    "service_bodies:evaluation-adjust": {"pk": "scheme"},
    "service_bodies:subsidy-simulate": {"pk": "scheme"},
    "service_bodies:subsidy-detail": {"pk": "subsidy"},
    "service_bodies:subsidy-approve": {"pk": "subsidy"},
    "api:/service/evaluations/{scheme_id}": {"scheme_id": "scheme"},
    # The calls engine: a call is role-wide (listed in NO_OBJECT_ROUTES too); what it holds is scoped.
    "calls:call-detail": {"pk": "call"},
    "calls:call-eligibility": {"pk": "call"},
    "calls:call-eligibility-run": {"pk": "call"},
    "calls:call-eligibility-export": {"pk": "call"},
    "calls:call-invite": {"pk": "call"},
    "calls:application-list": {"pk": "call"},
    "calls:application-export": {"pk": "call"},
    "calls:application-apply": {"pk": "call"},
    "calls:panel": {"pk": "call"},
    "calls:score-sheet": {"pk": "call"},
    "calls:call-publicity": {"pk": "call"},
    "calls:call-publish": {"pk": "call"},
    "calls:notice": {"pk": "call"},
    "calls:notice-objection": {"pk": "call"},
    "calls:notice-export": {"pk": "call"},
    "calls:published": {"pk": "call"},
    "calls:published-export": {"pk": "call"},
    "api:/calls/{call_id}": {"call_id": "call"},
    "api:/calls/{call_id}/applications": {"call_id": "call"},
    "api:/calls/{call_id}/eligibility": {"call_id": "call"},
    "api:/calls/{call_id}/published": {"call_id": "call"},
    "calls:application-detail": {"pk": "call_application"},
    "calls:application-decide": {"pk": "call_application"},
    "calls:application-edit": {"pk": "call_application"},
    "calls:objection-resolve": {"pk": "call_objection"},
    "calls:obligation-done": {"pk": "obligation"},
    "demonstration:case-detail": {"pk": "case"},
    "demonstration:case-review": {"pk": "case"},
    "demonstration:case-picture": {"pk": "case"},
    "demonstration:project-detail": {"pk": "project"},
    "digital:assessment-detail": {"pk": "digital_assessment"},
    "digital:solution-detail": {"pk": "solution"},
    "digital:solution-adopt": {"pk": "solution"},
    "contests:contest-detail": {"pk": "contest"},
    "contests:entry-create": {"pk": "contest"},
    "contests:contest-export": {"pk": "contest"},
    "contests:entry-detail": {"pk": "contest_entry"},
    "contests:entry-score": {"pk": "contest_entry"},
    "contests:entry-advance": {"pk": "contest_entry"},
    "contests:entry-award": {"pk": "contest_entry"},
}

# Kwargs that are not objects: route name → {kwarg: value}. Several values → one request each.
ROUTE_VALUES: dict[str, dict[str, tuple]] = {
    "reports:bulletin-file": {"kind": ("pdf", "xlsx")},
    "reports:task-action": {"action": ("answer", "close", "reopen")},
    "core:import-upload": {"kind": ("enterprises", "patents", "engineers")},
    "core:import-template": {"kind": ("enterprises",)},
}

# Deliberately public or role-wide routes (no object of another region in the URL), with the reason.
# Their GET pages are still searched for side-B markers (MARKERS) that the role may not see.
LIST = "a list or form scoped by the user's selectors; no object in the URL"
NO_OBJECT_ROUTES: dict[str, str] = {
    "core:home": LIST,
    "core:import-upload": "importer kind (a code, not an object): importer.can_import gates it; rows are scoped by the importer",
    "core:import-template": "importer kind: an empty template",
    "accounts:login": "public: login page",
    "accounts:logout": "the user's own session",
    "accounts:profile": "the user's own account",
    "accounts:password-change": "the user's own account",
    "accounts:otp": "the user's own second factor",
    "accounts:otp-enrol": "the user's own second factor",
    "accounts:security": "security administrator only (三员分立): accounts are province-wide",
    "accounts:security-user": "security administrator only: accounts are province-wide",
    "accounts:security-address": "security administrator only: login addresses are province-wide",
    "audit:entry-list": "audit administrator only: the audit trail is province-wide",
    "audit:entry-export": "audit administrator only: the audit trail is province-wide",
    "set_language": "public: the language switcher (also before login)",
    "enterprises:enterprise-list": LIST,
    "enterprises:enterprise-export": LIST,
    "enterprises:enterprise-create": LIST,
    "patents:break-zero-list": LIST,
    "patents:candidate-list": LIST,
    "patents:patent-search": LIST,
    "patents:review-list": LIST,
    "indicators:dashboard": LIST,
    "indicators:dashboard-export": LIST,
    "indicators:record-list": LIST,
    "indicators:target-list": LIST,
    "indicators:participant-list": LIST,
    "cultivation:title-list": LIST,
    "cultivation:application-list": LIST,
    "cultivation:application-create": LIST,
    "cultivation:published-list": LIST,
    "cultivation:published-export": LIST,
    "policies:index": LIST,
    "policies:screening-list": LIST,
    "policies:screening-export": LIST,
    "policies:screening-run": LIST,
    "reports:home": LIST,
    "reports:plan-list": LIST,
    "reports:bulletin-list": LIST,
    "reports:task-list": LIST,
    "reports:task-export": LIST,
    "reports:task-create": LIST,
    "reports:notification-list": "the user's own notifications",
    "reports:notification-read": "marks the user's own notifications read",
    "service_bodies:home": LIST,
    "service_bodies:body-list": LIST,
    "service_bodies:body-create": LIST,
    "service_bodies:record-list": LIST,
    "service_bodies:event-list": LIST,
    "service_bodies:compliance": LIST,
    "service_bodies:engineer-list": LIST,
    "service_bodies:scheme-list": LIST,
    "service_bodies:evaluation-detail": "the province's evaluation scheme is role-wide; results inside are filtered by bodies_visible_to",
    "service_bodies:evaluation-compute": "province officials only: the scheme is province-wide",
    "service_bodies:evaluation-adjust": "experts only: the scheme is province-wide; the body choices are bodies_visible_to",
    "service_bodies:subsidy-simulate": "province officials only: the scheme is province-wide",
    "service_bodies:conflict-declare": "the expert's own declarations",
    "service_bodies:subsidy-detail": "the province's subsidy plan; allocations inside are filtered by bodies_visible_to",
    "service_bodies:subsidy-approve": "province officials only: the plan is province-wide",
    "service_bodies:market": LIST,
    "service_bodies:need-create": LIST,
    "api:/enterprises": LIST,
    "api:/patents": LIST,
    "api:/break-zero": LIST,
    "api:/progress": LIST,
    "api:/applications": LIST,
    "api:/screening": LIST,
    "api:/service/bodies": LIST,
    "api:/service/engineers": LIST,
    "api:/service/events": LIST,
    "api:/service/evaluations": LIST,
    "api:/service/evaluations/{scheme_id}": "the province's evaluation scheme; results filtered by bodies_visible_to",
    "api:/tokens": "the user's own tokens",
    "calls:call-detail": "a call is announced to every logged-in user; the applications inside are scoped (application_scope)",
    "calls:call-eligibility": "the call's stored eligibility table, filtered by region_scope (county/city/province)",
    "calls:call-eligibility-run": "province officials only: the call is province-wide",
    "calls:call-eligibility-export": "the call's eligibility table, filtered by region_scope",
    "calls:call-invite": "the enterprise posted is looked up in enterprises_visible_to (another region → 404)",
    "calls:application-list": "the call's applications, filtered by application_scope",
    "calls:application-export": "the call's applications, filtered by application_scope",
    "calls:application-apply": "an enterprise applies for itself to a province-wide call",
    "calls:panel": "province officials only: the panel of a province-wide call",
    "calls:score-sheet": "the expert's own panel membership (404 without one)",
    "calls:call-publicity": "province officials only: the call is province-wide",
    "calls:call-publish": "province officials only: the call is province-wide",
    "calls:notice": "public: a 公示 notice shows only enterprise name, region, programme, batch, dates",
    "calls:notice-objection": "public: anyone may object under their real name (rate-limited)",
    "calls:notice-export": "public: the 公示 list (name and region only)",
    "calls:published": "public: the published list with its 文号",
    "calls:published-export": "public: the published list (name and region only)",
    "api:/calls/{call_id}": "a call is announced to every logged-in user",
    "api:/calls/{call_id}/applications": "the call's applications, filtered by application_scope",
    "api:/calls/{call_id}/eligibility": "the call's eligibility table, filtered by region_scope",
    "api:/calls/{call_id}/published": "the published list (name and region only)",
    "calls:call-list": LIST,
    "calls:call-create": "province officials only: a call is province-wide",
    "calls:calendar": "province officials only: the working-day calendar is province-wide",
    "calls:expert-home": "the expert's own panels",
    "calls:recognition-list": LIST,
    "calls:recognition-export": LIST,
    "calls:objection-status": "public: one objection, found only by its reference and the objector's contact together",
    "demonstration:case-list": LIST,
    "demonstration:case-export": LIST,
    "demonstration:project-list": LIST,
    "demonstration:project-export": LIST,
    "digital:assessment-list": LIST,
    "digital:assessment-create": LIST,
    "digital:assessment-export": LIST,
    "digital:use-list": LIST,
    "digital:use-create": LIST,
    "digital:use-export": LIST,
    "digital:project-list": LIST,
    "digital:project-create": LIST,
    "digital:project-export": LIST,
    "digital:solution-list": LIST,
    "digital:solution-create": LIST,
    "digital:solution-export": LIST,
    "contests:contest-list": LIST,
    **{f"defence:qualification-{action}": LIST for action in ("list", "create", "export")},
    **{f"ipfinance:{kind}-{action}": LIST for kind in ("deal", "loan") for action in ("list", "create", "export")},
    **{f"talent:{kind}-{action}": LIST for kind in ("talent", "expert", "course") for action in ("list", "create", "export")},
    "contests:contest-detail": "an edition is announced to every logged-in user; its entries are scoped (entries_visible_to)",
    "contests:entry-create": "registration into a role-wide edition; the entrant is resolved within the user's region",
    "contests:contest-export": "the edition's entries, filtered by entries_visible_to",
    "api:/calls": "every call (announced to every logged-in user)",
}
