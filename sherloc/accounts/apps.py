from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sherloc.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
