from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "breakzero.policies"
    label = "policies"
    verbose_name = "政策体检"

    def ready(self) -> None:
        from breakzero.core.hooks import register_refresher
        from breakzero.policies.screening import screening_refresh

        register_refresher("policy_screening", screening_refresh, order=60)

        from breakzero.core import figures
        from breakzero.policies.home import enterprise_figures

        figures.register(figures.FigureSource("policies", enterprise_figures, order=20))
