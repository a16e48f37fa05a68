from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sherloc.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .signed_in import forget

        post_save.connect(forget, dispatch_uid="accounts.signed_in.saved")
        post_delete.connect(forget, dispatch_uid="accounts.signed_in.deleted")
