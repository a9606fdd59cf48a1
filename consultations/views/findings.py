"""findings pages: being built."""

urlpatterns = []
