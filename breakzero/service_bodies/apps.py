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
