"""The audit trail's view of each request.

- Services record entries without a request in hand; the request being served is kept in
  a context variable, so their entries still carry the client's address.
- Every refusal (403) of a signed-in user is recorded, with the path they asked for.
  Signed-out visitors are sent to sign in rather than refused, so they rarely meet a 403;
  one they do meet (a stale form's CSRF check) says nothing about anybody's permissions
  and is not recorded. Only the path is kept, not the query string, which may hold a name.
"""

from audit.context import current_request
from audit.models import Action
from audit.services import audit_record


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 403 and user is not None and user.is_authenticated:
                audit_record(
                    action=Action.PERMISSION_REFUSED,
                    request=request,
                    summary=f"{request.method} {request.path}",
                    detail={"method": request.method, "path": request.path},
                )
            return response
        finally:
            current_request.reset(token)
