from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "breakzero.accounts"
    label = "accounts"
    verbose_name = "账户"
