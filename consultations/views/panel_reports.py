"""panel_reports pages: being built."""

urlpatterns = []
