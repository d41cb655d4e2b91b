from django.urls import path

from breakzero.contests import views

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="contest-list"),
    path("<int:pk>/", views.contest_detail, name="contest-detail"),
    path("<int:pk>/entries/new/", views.entry_create, name="entry-create"),
    path("<int:pk>/export/", views.contest_export, name="contest-export"),
    path("entries/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/score/", views.entry_score, name="entry-score"),
    path("entries/<int:pk>/advance/", views.entry_advance, name="entry-advance"),
    path("entries/<int:pk>/award/", views.entry_award, name="entry-award"),
    path("entries/<int:pk>/national/", views.entry_national, name="entry-national"),
]
