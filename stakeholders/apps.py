from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self):
        from core import retention
        from stakeholders.retention import RULES

        for rule in RULES:
            retention.register(rule)
