from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "breakzero.patents"
    label = "patents"
    verbose_name = "专利与破零"

    def ready(self) -> None:
        from breakzero.core.hooks import register_refresher
        from breakzero.core.imports import register
        from breakzero.patents.break_zero import refresh
        from breakzero.patents.sheets import PatentImporter

        register(PatentImporter())
        register_refresher("break_zero", refresh, order=10)

        from breakzero.core import todo
        from breakzero.patents.todo import review_items

        todo.register(todo.TodoSource("patent-review", review_items, watches=("patents.ReviewItem",), order=30))
