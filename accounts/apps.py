from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from accounts.signals import grant_administrator_permissions

        post_migrate.connect(grant_administrator_permissions, sender=self)
