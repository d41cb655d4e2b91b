from django.urls import path

from breakzero.contests import views

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="contest-list"),
    path("<int:pk>/", views.contest_detail, name="contest-detail"),
    path("<int:pk>/entries/new/", views.entry_create, name="entry-create"),
    path("<int:pk>/export/", views.contest_export, name="contest-export"),
    path("entries/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("<int:pk>/recommendations/", views.recommendation_list, name="recommendation-list"),
    path("<int:pk>/recommendations/export/", views.recommendation_export, name="recommendation-export"),
    path("<int:pk>/stages/<str:stage>/", views.stage_results, name="stage-results"),
    path("<int:pk>/stages/<str:stage>/export/", views.stage_export, name="stage-export"),
    path("entries/<int:pk>/recommend/", views.entry_recommend, name="entry-recommend"),
    path("entries/<int:pk>/award/", views.entry_award, name="entry-award"),
    path("entries/<int:pk>/national/", views.entry_national, name="entry-national"),
    path("entries/<int:pk>/national/recommend/", views.entry_national_recommend, name="entry-national-recommend"),
    path("entries/<int:pk>/link/", views.entry_link, name="entry-link"),
    path("<int:pk>/quota/", views.contest_quota, name="contest-quota"),
    path("<int:pk>/later-paths/", views.later_paths, name="later-paths"),
    path("<int:pk>/later-paths/export/", views.later_paths_export, name="later-paths-export"),
]
