from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "breakzero.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth_signals
        from django.db.models import signals as model_signals

        from breakzero.audit import recorder
        from breakzero.core import signals as core_signals
        from breakzero.core.models import ImportJob

        uid = "breakzero.audit"
        model_signals.pre_save.connect(recorder.on_pre_save, dispatch_uid=f"{uid}.pre_save")
        model_signals.post_save.connect(recorder.on_post_save, dispatch_uid=f"{uid}.post_save")
        model_signals.post_delete.connect(recorder.on_post_delete, dispatch_uid=f"{uid}.post_delete")
        model_signals.post_save.connect(recorder.on_import_job_saved, sender=ImportJob, dispatch_uid=f"{uid}.import")
        auth_signals.user_logged_in.connect(recorder.on_logged_in, dispatch_uid=f"{uid}.login")
        auth_signals.user_logged_out.connect(recorder.on_logged_out, dispatch_uid=f"{uid}.logout")
        auth_signals.user_login_failed.connect(recorder.on_login_failed, dispatch_uid=f"{uid}.failed")
        user_locked_out.connect(recorder.on_locked_out, dispatch_uid=f"{uid}.locked")
        core_signals.access_denied.connect(recorder.on_access_denied, dispatch_uid=f"{uid}.denied")
        core_signals.data_exported.connect(recorder.on_data_exported, dispatch_uid=f"{uid}.exported")
        core_signals.data_imported.connect(recorder.on_data_imported, dispatch_uid=f"{uid}.imported")
        core_signals.personal_data_revealed.connect(recorder.on_personal_data_revealed, dispatch_uid=f"{uid}.revealed")
