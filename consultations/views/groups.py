"""groups pages: being built."""

urlpatterns = []
