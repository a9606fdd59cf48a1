"""responses pages: being built."""

urlpatterns = []
