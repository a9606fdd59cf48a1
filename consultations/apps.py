from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from consultations.personal_data import PROVIDER
        from stakeholders import personal_data

        personal_data.register(PROVIDER)
