"""Widgets the work plan forms share."""

from django import forms

# The browser's date picker; the value written as it expects (ISO), shown as it likes.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
