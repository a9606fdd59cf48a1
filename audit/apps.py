from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from audit import receivers
        from audit.retention import RULES
        from audit.signals import grant_audit_permission
        from core import retention

        receivers.connect()
        for rule in RULES:
            retention.register(rule)
        post_migrate.connect(grant_audit_permission, sender=self)
