"""home_sergeant pages: being built."""

urlpatterns = []
