from django.urls import path

from breakzero.cultivation import views

app_name = "cultivation"

urlpatterns = [
    path("", views.title_list, name="title-list"),
    path("titles/recognize/", views.title_recognize, name="title-recognize"),
    path("enterprise/<int:pk>/", views.enterprise_fragment, name="enterprise-fragment"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("published/", views.published_list, name="published-list"),
    path("published/export/", views.published_export, name="published-export"),
]
