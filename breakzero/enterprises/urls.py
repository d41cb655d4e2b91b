from django.urls import path

from breakzero.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise-list"),
    path("export/", views.enterprise_export, name="enterprise-export"),
    path("suggest/", views.enterprise_autocomplete, name="enterprise-autocomplete"),
    path("new/", views.enterprise_create, name="enterprise-create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise-edit"),
    path("<int:pk>/contact/", views.enterprise_contact_reveal, name="enterprise-contact-reveal"),
    path("<int:pk>/years/new/", views.enterprise_year_edit, name="enterprise-year-create"),
    path("<int:pk>/years/<int:year>/", views.enterprise_year_edit, name="enterprise-year-edit"),
]
