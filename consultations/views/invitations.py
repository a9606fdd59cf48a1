"""invitations pages: being built."""

urlpatterns = []
