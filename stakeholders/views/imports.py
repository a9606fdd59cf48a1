"""imports pages: being built."""

urlpatterns = []
