"""equality pages: being built."""

urlpatterns = []
