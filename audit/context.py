"""The request being served, for entries recorded by services that have no request in
hand (set by audit.middleware.AuditMiddleware)."""

import contextvars

current_request = contextvars.ContextVar("audit_current_request", default=None)
