"""attendance pages: being built."""

urlpatterns = []
