"""contacts pages: being built."""

urlpatterns = []
