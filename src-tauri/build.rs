fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "today",
            "log_event",
            "edit_event",
            "delete_event",
            "undo_delete",
            "save_checkin",
            "add_reflection",
            "suggestions",
            "list_reminders",
            "add_reminder",
            "update_reminder",
            "set_reminder_enabled",
            "remove_reminder",
            "reminder_settings",
            "set_quiet_hours",
            "set_backup_keep",
            "pause_reminders_today",
            "pending_prompt",
            "test_notification",
            "autostart_enabled",
            "set_autostart",
        ]),
    ))
    .expect("the Tauri build configuration is valid");
}
