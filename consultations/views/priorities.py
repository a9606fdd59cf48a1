"""priorities pages: being built."""

urlpatterns = []
