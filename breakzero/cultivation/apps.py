from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "breakzero.cultivation"
    label = "cultivation"
    verbose_name = "梯度培育"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.cultivation.sheets import TitleImporter

        register(TitleImporter())
        from breakzero.cultivation.programme_types import register_all

        register_all()

        from breakzero.core import todo
        from breakzero.cultivation.todo import application_items

        todo.register(todo.TodoSource("cultivation", application_items, watches=("calls.Application",), order=10))

        from breakzero.core import figures
        from breakzero.cultivation.todo import enterprise_figures

        figures.register(figures.FigureSource("cultivation", enterprise_figures, order=30))
