from django.urls import path

from breakzero.service_bodies.views import bodies, engineers, evaluation, events, market, members

app_name = "service_bodies"

urlpatterns = [
    path("", bodies.home, name="home"),
    path("bodies/", bodies.body_list, name="body-list"),
    path("bodies/new/", bodies.body_create, name="body-create"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", bodies.body_edit, name="body-edit"),
    path("bodies/<int:pk>/members/", members.member_list, name="member-list"),
    path("bodies/<int:pk>/members/<int:member_pk>/remove/", members.member_remove, name="member-remove"),
    path("bodies/<int:pk>/products/new/", bodies.product_create, name="product-create"),
    path("bodies/<int:pk>/records/new/", bodies.record_create, name="record-create"),
    path("bodies/<int:pk>/events/new/", events.event_create, name="event-create"),
    path("bodies/<int:pk>/offerings/new/", market.offering_create, name="offering-create"),
    path("records/", bodies.record_list, name="record-list"),
    path("records/<int:pk>/rate/", bodies.record_rate, name="record-rate"),
    path("events/", events.event_list, name="event-list"),
    path("events/<int:pk>/", events.event_detail, name="event-detail"),
    path("events/<int:pk>/registrations/", events.event_registrations, name="event-registrations"),
    path("events/<int:pk>/qr.svg", events.event_qr, name="event-qr"),
    path("events/<int:pk>/confirm-late/", events.event_late_confirm, name="event-late-confirm"),
    path("events/<int:pk>/materials/", events.material_upload, name="material-upload"),
    path("materials/<int:pk>/", events.material_download, name="material-download"),
    path("checkin/<str:token>/", events.event_checkin, name="event-checkin"),
    path("compliance/", events.compliance, name="compliance"),
    path("engineers/", engineers.engineer_list, name="engineer-list"),
    path("engineers/<int:pk>/", engineers.engineer_detail, name="engineer-detail"),
    path("engineers/<int:pk>/reveal/", engineers.engineer_reveal, name="engineer-reveal"),
    path("evaluations/", evaluation.scheme_list, name="scheme-list"),
    path("evaluations/<int:pk>/", evaluation.scheme_detail, name="evaluation-detail"),
    path("evaluations/<int:pk>/edit/", evaluation.scheme_edit, name="evaluation-edit"),
    path("evaluations/<int:pk>/compute/", evaluation.scheme_compute, name="evaluation-compute"),
    path("evaluations/<int:pk>/adjust/", evaluation.adjust, name="evaluation-adjust"),
    path("evaluations/<int:pk>/subsidy/", evaluation.subsidy_simulate, name="subsidy-simulate"),
    path("conflicts/", evaluation.conflict_declare, name="conflict-declare"),
    path("subsidies/<int:pk>/", evaluation.subsidy_detail, name="subsidy-detail"),
    path("subsidies/<int:pk>/approve/", evaluation.subsidy_approve, name="subsidy-approve"),
    path("market/", market.market, name="market"),
    path("market/needs/new/", market.need_create, name="need-create"),
]
