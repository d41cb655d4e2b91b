from django.urls import path

from breakzero.portal import events, media, views

app_name = "portal"

# The Wagtail pages (home, sections, notices, policies, articles) are served at /portal/ by
# config.urls ("wagtail_serve"); these are the portal's own views that read the other apps.
urlpatterns = [
    path("publicity/", views.publicity_list, name="publicity-list"),
    path("publicity/<int:pk>/", views.notice, name="notice"),
    path("objections/status/", views.objection_status, name="objection-status"),
    path("published/<int:pk>/", views.published, name="published"),
    path("published/<int:pk>/export/", views.published_export, name="published-export"),
    path("lists/", views.list_index, name="list-index"),
    path("lists/<slug:kind>/", views.list_detail, name="list-detail"),
    path("lists/<slug:kind>/export/", views.list_export, name="list-export"),
    path("services/", views.body_list, name="body-list"),
    path("services/export/", views.body_export, name="body-export"),
    path("events/", events.event_calendar, name="event-calendar"),
    path("events/<int:pk>/", events.event_detail, name="event-detail"),
    path("events/<int:pk>/register/", events.event_register, name="event-register"),
    path("search/", views.search, name="search"),
    path("images/<str:name>", media.image_rendition, name="image"),
]
