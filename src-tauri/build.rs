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
            "journal",
            "search_journal",
            "insights",
            "set_verdict",
            "trends",
        ]),
    ))
    .expect("the Tauri build configuration is valid");
}
