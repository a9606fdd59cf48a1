"""data_protection pages: being built."""

urlpatterns = []
