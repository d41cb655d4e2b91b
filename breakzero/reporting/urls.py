from django.urls import path

from breakzero.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("registrations/", views.registration_list, name="registration-list"),
    path("members/", views.members, name="members"),
    path("completeness-line/", views.completeness_line, name="completeness-line"),
    path("windows/<int:pk>/report/", views.report_edit, name="report-edit"),
    path("windows/<int:pk>/review/", views.review_list, name="review-list"),
    path("windows/<int:pk>/completeness/", views.completeness, name="completeness"),
    path("windows/<int:pk>/quality/", views.data_quality, name="data-quality"),
    path("windows/<int:pk>/lock/", views.lock, name="window-lock"),
    path("windows/<int:pk>/reopen/", views.reopen, name="window-reopen"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission-review"),
    path("submissions/<int:pk>/correction/", views.correction_create, name="correction-create"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction-decide"),
    path("datasets/new/", views.dataset_edit, name="dataset-create"),
    path("datasets/<int:pk>/edit/", views.dataset_edit, name="dataset-edit"),
    path("datasets/<int:pk>/fields/", views.field_list, name="field-list"),
    path("datasets/<int:pk>/rules/", views.rule_list, name="rule-list"),
    path("datasets/<int:pk>/windows/new/", views.window_create, name="window-create"),
]
