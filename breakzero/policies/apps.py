from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "breakzero.policies"
    label = "policies"
    verbose_name = "政策体检"
