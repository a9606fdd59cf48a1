"""organisations pages: being built."""

urlpatterns = []
