"""duplicates pages: being built."""

urlpatterns = []
