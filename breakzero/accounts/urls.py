from django.urls import path

from breakzero.accounts import official_views, security_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password-change"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("otp/", views.otp_verify, name="otp"),
    path("otp/enrol/", views.otp_enrol, name="otp-enrol"),
    path("officials/", official_views.official_list, name="official-list"),
    path("security/", security_views.security_home, name="security"),
    path("security/user/", security_views.security_user_action, name="security-user"),
    path("security/address/", security_views.security_unlock_address, name="security-address"),
]
