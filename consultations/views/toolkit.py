"""toolkit pages: being built."""

urlpatterns = []
