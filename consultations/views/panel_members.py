"""panel_members pages: being built."""

urlpatterns = []
