import CGtk

/// One question a file chooser asks besides the file (GtkFileChooser "choices"; the portal shows them).
struct ChooserChoice {
    let id: String
    let label: String
    let options: [(id: String, label: String)]
    let selected: String
}

/// What the user picked in a file chooser.
struct ChooserAnswer {
    let path: String
    /// Choice id → option id.
    let choices: [String: String]
}

/// Runs a GtkFileChooserNative (GTK 4.8 has no GtkFileDialog) and hands back the chosen path.
@MainActor enum FileChooser {
    struct Filter {
        let name: String
        let patterns: [String]
    }

    static func run(
        title: String, parent: UnsafeMutablePointer<GtkWidget>?, action: GtkFileChooserAction,
        accept: String, filters: [Filter] = [], currentName: String? = nil,
        choices: [ChooserChoice] = [], completion: @escaping @MainActor (ChooserAnswer) -> Void
    ) {
        let parentWindow: UnsafeMutablePointer<GtkWindow>? = parent.map { g($0) }
        guard let dialog = gtk_file_chooser_native_new(title, parentWindow, action, accept, "_Cancel") else {
            return
        }
        let chooser: OpaquePointer = g(dialog)
        gtk_native_dialog_set_modal(g(dialog), 1)
        for filter in filters {
            let fileFilter: OpaquePointer = gtk_file_filter_new()
            gtk_file_filter_set_name(fileFilter, filter.name)
            for pattern in filter.patterns { gtk_file_filter_add_pattern(fileFilter, pattern) }
            gtk_file_chooser_add_filter(chooser, fileFilter)
            g_object_unref(fileFilter.gRaw)
        }
        if let currentName { gtk_file_chooser_set_current_name(chooser, currentName) }
        for choice in choices {
            withCStringArray(choice.options.map(\.id)) { ids in
                withCStringArray(choice.options.map(\.label)) { labels in
                    gtk_file_chooser_add_choice(chooser, choice.id, choice.label, ids, labels)
                }
            }
            gtk_file_chooser_set_choice(chooser, choice.id, choice.selected)
        }
        Signal.onResponse(dialog) { response in
            defer { releaseLater(dialog.gRaw) }
            guard response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(chooser)
            else { return }
            defer { g_object_unref(file.gRaw) }
            guard let cPath = g_file_get_path(file) else { return }
            let path = String(cString: cPath)
            g_free(cPath)
            var answers: [String: String] = [:]
            for choice in choices {
                if let value = gtk_file_chooser_get_choice(chooser, choice.id) {
                    answers[choice.id] = String(cString: value)
                }
            }
            completion(ChooserAnswer(path: path, choices: answers))
        }
        gtk_native_dialog_show(g(dialog))
    }

    /// Drops our reference after the response signal has finished emitting.
    private static func releaseLater(_ object: UnsafeMutableRawPointer) {
        let bits = UInt(bitPattern: object)
        GLibScheduler().schedule {
            guard let object = UnsafeMutableRawPointer(bitPattern: bits) else { return }
            g_object_unref(object)
        }
    }
}
