from django.urls import path

from breakzero.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="call-list"),
    path("new/", views.call_create, name="call-create"),
    path("<int:pk>/", views.call_detail, name="call-detail"),
    path("<int:pk>/eligibility/", views.eligibility_list, name="call-eligibility"),
    path("<int:pk>/eligibility/run/", views.eligibility_run, name="call-eligibility-run"),
    path("<int:pk>/eligibility/export/", views.eligibility_export, name="call-eligibility-export"),
    path("<int:pk>/invite/", views.call_invite, name="call-invite"),
    path("<int:pk>/applications/", views.application_list, name="application-list"),
    path("<int:pk>/applications/export/", views.application_export, name="application-export"),
    path("<int:pk>/apply/", views.application_apply, name="application-apply"),
    path("<int:pk>/panel/", views.panel, name="panel"),
    path("<int:pk>/sheet/", views.score_sheet, name="score-sheet"),
    path("<int:pk>/publicity/", views.call_publicity, name="call-publicity"),
    path("<int:pk>/publish/", views.call_publish, name="call-publish"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection-resolve"),
    path("expert/", views.expert_home, name="expert-home"),
    path("calendar/", views.calendar, name="calendar"),
    path("recognitions/", views.recognition_list, name="recognition-list"),
    path("recognitions/export/", views.recognition_export, name="recognition-export"),
    path("obligations/<int:pk>/done/", views.obligation_done, name="obligation-done"),
    # Public (no login): stable addresses for the 公示 notice and the published list.
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/objections/", views.notice_objection, name="notice-objection"),
    path("notices/<int:pk>/export/", views.published_export, name="notice-export"),
    path("objections/status/", views.objection_status, name="objection-status"),
    path("published/<int:pk>/", views.published, name="published"),
    path("published/<int:pk>/export/", views.published_export, name="published-export"),
]
