from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="core.record_sign_in")
