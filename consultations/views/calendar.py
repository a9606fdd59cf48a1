"""calendar pages: being built."""

urlpatterns = []
