from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "workplans"
    verbose_name = "Work plans"

    def ready(self):
        from core import retention
        from workplans.retention import RULES

        for rule in RULES:
            retention.register(rule)
