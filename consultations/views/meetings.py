"""meetings pages: being built."""

urlpatterns = []
