"""consultations pages: being built."""

urlpatterns = []
