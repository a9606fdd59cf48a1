from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from consultations.personal_data import PROVIDERS
        from consultations.retention import RULES
        from core import retention
        from stakeholders import personal_data

        for provider in PROVIDERS:
            personal_data.register(provider)
        for rule in RULES:
            retention.register(rule)
