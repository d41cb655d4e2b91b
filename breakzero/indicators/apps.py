from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "breakzero.indicators"
    label = "indicators"
    verbose_name = "目标与进度"

    def ready(self) -> None:
        from breakzero.core.hooks import register_refresher
        from breakzero.core.imports import register
        from breakzero.indicators.sheets import ParticipantImporter
        from breakzero.indicators.summaries import refresh_after_change

        # Reads the register, yearly rows and patents; writes only the summary tables, which no later
        # refresher reads: it runs alongside policy screening (core.hooks.Refresher.alongside).
        register_refresher("indicator_summaries", refresh_after_change, order=50, alongside=True)
        register(ParticipantImporter())

        from breakzero.core.period import register_data_years
        from breakzero.indicators.selectors import years_with_data

        register_data_years(years_with_data)

        from breakzero.core import figures
        from breakzero.indicators.home import official_figures

        figures.register(figures.FigureSource("indicators", official_figures, order=10))
