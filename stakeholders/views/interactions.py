"""interactions pages: being built."""

urlpatterns = []
