from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "breakzero.reports"
    label = "reports"
    verbose_name = "调度通报"

    def ready(self) -> None:
        from breakzero.core import todo
        from breakzero.reports.todo import plan_items, task_items

        todo.register(todo.TodoSource("supervision", task_items, watches=("reports.SupervisionTask",), order=20))
        todo.register(todo.TodoSource("plans", plan_items, watches=("reports.ImplementationPlan",), order=25))
