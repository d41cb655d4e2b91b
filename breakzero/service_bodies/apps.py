from django.apps import AppConfig


class ServiceBodiesConfig(AppConfig):
    name = "breakzero.service_bodies"
    label = "service_bodies"
    verbose_name = "服务体系"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.service_bodies.sheets.attendees import AttendeesImporter
        from breakzero.service_bodies.sheets.engineers import EngineersImporter

        register(EngineersImporter())
        register(AttendeesImporter())

        from breakzero.core import figures, todo
        from breakzero.service_bodies import todo as sources

        events = ("service_bodies.ServiceEvent", "service_bodies.ServiceBodyMember")
        todo.register(todo.TodoSource("service-body", sources.body_items, watches=events, order=40))
        todo.register(todo.TodoSource("service-missed", sources.official_items, watches=events, order=45))
        todo.register(todo.TodoSource("service-rate", sources.enterprise_items,
                                      watches=("service_bodies.ServiceRecord", "service_bodies.ServiceRating"), order=50))
        todo.register(todo.TodoSource("evaluation-score", sources.expert_items,
                                      watches=("service_bodies.ExpertAdjustment",), order=55))
        figures.register(figures.FigureSource("service-body", sources.body_figures, order=40))

        from breakzero.enterprises.access import register_picker_scope
        from breakzero.service_bodies.access import enterprises_near_own_bodies

        register_picker_scope("service_body", enterprises_near_own_bodies)
