"""lists pages: being built."""

urlpatterns = []
