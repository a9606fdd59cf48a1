"""consent pages: being built."""

urlpatterns = []
