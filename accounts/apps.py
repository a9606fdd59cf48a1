from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from accounts.signals import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
