from django.apps import AppConfig


class ServiceBodiesConfig(AppConfig):
    name = "breakzero.service_bodies"
    label = "service_bodies"
    verbose_name = "服务体系"
