from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["groups", "wards", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title"]}),
        ("Roles and wards", {"fields": ["is_active", "groups", "wards"]}),
        ("Extra permissions", {"fields": ["is_staff", "is_superuser", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "password1", "password2"]}),
    ]
