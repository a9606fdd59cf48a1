"""events pages: being built."""

urlpatterns = []
