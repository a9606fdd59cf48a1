"""panel_overview pages: being built."""

urlpatterns = []
