from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "breakzero.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from breakzero.core import nav, period, todo, todo_sources

        nav._register_defaults()
        period.connect_signals()
        todo.register(todo.TodoSource("imports", todo_sources.import_items, watches=("core.ImportJob",), order=90))
