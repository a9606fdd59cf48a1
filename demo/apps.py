from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every app. It sits below all of them in the data flow."""

    name = "demo"
    verbose_name = "Demo data"
