import CGtk
import Foundation
import Hub

/// "Get model…": a catalog of models to download from the Hugging Face Hub, each with its download
/// size and whether it is cached, a field for any repository id, and the download's progress.
///
/// The dialog is not modal: the window stays usable while a download runs on a background thread.
/// Closing the dialog hides it and the download goes on; when it finishes, `onReady` selects the model.
/// Families TokenGen cannot run (per `supportedModelTypes`, from the model registry) are listed with the
/// reason and cannot be fetched; a typed repository of such a family is refused before any byte is stored.
@MainActor final class GetModelDialog {
    struct Row {
        let entry: CatalogEntry
        let summary: UnsafeMutablePointer<GtkWidget>
        let button: UnsafeMutablePointer<GtkWidget>
        var info: RepoInfo?
        var cached = false
        var checked = false
    }

    let window: UnsafeMutablePointer<GtkWidget>
    private let repoEntry: UnsafeMutablePointer<GtkWidget>
    private let getButton: UnsafeMutablePointer<GtkWidget>
    private let status: UnsafeMutablePointer<GtkWidget>
    private let progress = DownloadProgressRow()
    private var rows: [Row] = []
    private let settings: HubSettings
    private let supported: Set<String>
    private var cancellation: DownloadCancellation?
    /// Called on the main thread with the repository id once its download is complete.
    var onReady: ((String) -> Void)?
    /// Readiness events for scripted tests (`download-finished REPO` …).
    var report: ((ReadinessEvent) -> Void)?

    private static var current: GetModelDialog?

    /// Shows the dialog (the same one again if it is open), over `parent`.
    static func present(
        parent: UnsafeMutablePointer<GtkWidget>?, supported: Set<String>,
        settings: HubSettings = HubSettings(),
        report: @escaping (ReadinessEvent) -> Void, onReady: @escaping (String) -> Void
    ) {
        let dialog = current ?? GetModelDialog(parent: parent, supported: supported, settings: settings)
        current = dialog
        dialog.report = report
        dialog.onReady = onReady
        gtk_window_present(g(dialog.window))
        gtk_widget_grab_focus(dialog.repoEntry)
        report(.getModelOpen)
    }

    private init(parent: UnsafeMutablePointer<GtkWidget>?, supported: Set<String>, settings: HubSettings) {
        self.settings = settings
        self.supported = supported
        window = gtk_window_new()
        gtk_window_set_title(g(window), "Get Model")
        gtk_window_set_default_size(g(window), 680, 560)
        if let parent { gtk_window_set_transient_for(g(window), g(parent)) }
        gtk_window_set_hide_on_close(g(window), 1)
        repoEntry = gtk_entry_new()
        getButton = gtk_button_new_with_mnemonic("_Get")
        status = gtk_label_new(nil)
        layOut()
        checkCatalog()
    }

    private func layOut() {
        let content = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 10)
        Widgets.setMargins(content, 16)
        let heading: UnsafeMutablePointer<GtkWidget> = gtk_label_new(
            "Download a model from the Hugging Face Hub into the shared cache (\(settings.cacheDirectory.path))."
        )
        gtk_label_set_wrap(g(heading), 1)
        gtk_label_set_xalign(g(heading), 0)
        let list: UnsafeMutablePointer<GtkWidget> = gtk_list_box_new()
        gtk_list_box_set_selection_mode(g(list), GTK_SELECTION_NONE)
        gtk_widget_add_css_class(list, "boxed-list")
        for entry in ModelCatalog.entries { rows.append(makeRow(entry, in: list)) }
        let scroller: UnsafeMutablePointer<GtkWidget> = gtk_scrolled_window_new()
        gtk_scrolled_window_set_child(g(scroller), list)
        gtk_scrolled_window_set_policy(g(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_widget_set_vexpand(scroller, 1)
        let field = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 8)
        gtk_widget_set_hexpand(repoEntry, 1)
        gtk_entry_set_placeholder_text(g(repoEntry), "Any repository id, e.g. openai-community/gpt2")
        Widgets.describe(
            repoEntry, label: "Repository id", tooltip: "ORG/NAME of a model on the Hugging Face Hub")
        Widgets.describe(getButton, label: "Get", tooltip: "Download this repository's model files")
        Widgets.append(field, Widgets.mnemonicLabel("_Repository", for: repoEntry), repoEntry, getButton)
        Signal.onVoid(repoEntry, "activate") { [weak self] in self?.getTyped() }
        Signal.onVoid(getButton, "clicked") { [weak self] in self?.getTyped() }
        gtk_label_set_xalign(g(status), 0)
        gtk_label_set_wrap(g(status), 1)
        gtk_label_set_selectable(g(status), 1)
        progress.onCancel = { [weak self] in self?.cancellation?.cancel() }
        Widgets.append(content, heading, scroller, field, progress.widget, status)
        gtk_window_set_child(g(window), content)
    }

    private func makeRow(_ entry: CatalogEntry, in list: UnsafeMutablePointer<GtkWidget>) -> Row {
        let line = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 12)
        Widgets.setMargins(line, 6)
        let texts = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 2)
        gtk_widget_set_hexpand(texts, 1)
        let name: UnsafeMutablePointer<GtkWidget> = gtk_label_new(entry.repo)
        gtk_label_set_xalign(g(name), 0)
        gtk_widget_add_css_class(name, "heading")
        let summary: UnsafeMutablePointer<GtkWidget> = gtk_label_new("\(entry.family) · checking the Hub…")
        gtk_label_set_xalign(g(summary), 0)
        gtk_label_set_wrap(g(summary), 1)
        gtk_widget_add_css_class(summary, "dim-label")
        Widgets.append(texts, name, summary)
        let button: UnsafeMutablePointer<GtkWidget> = gtk_button_new_with_label("Get")
        gtk_widget_set_valign(button, GTK_ALIGN_CENTER)
        Widgets.describe(button, label: "Get \(entry.repo)")
        let repo = entry.repo
        Signal.onVoid(button, "clicked") { [weak self] in self?.get(repo) }
        Widgets.append(line, texts, button)
        gtk_list_box_append(g(list), line)
        return Row(entry: entry, summary: summary, button: button)
    }

    // MARK: Catalog

    /// Asks the Hub (in the background) for each entry's files and type, and the cache whether it is there.
    private func checkCatalog() {
        let settings = settings
        for (index, row) in rows.enumerated() {
            let repo = row.entry.repo
            DispatchQueue.global(qos: .utility).async { [weak self] in
                let downloader = HubDownloader(
                    settings: settings, retry: RetryPolicy(attempts: 2, initialDelay: 0.5))
                let cached = downloader.isCached(repo: repo)
                let info = settings.offline ? nil : try? downloader.info(repo: repo)
                GLibScheduler().scheduleOnMain { self?.update(row: index, info: info, cached: cached) }
            }
        }
    }

    private func update(row index: Int, info: RepoInfo?, cached: Bool) {
        guard rows.indices.contains(index) else { return }
        rows[index].info = info
        rows[index].cached = cached
        rows[index].checked = true
        refresh(index)
        if rows.allSatisfy(\.checked) { report?(.catalogReady(rows.count)) }
    }

    private func refresh(_ index: Int) {
        let row = rows[index]
        let type = row.info?.modelType ?? row.entry.modelType
        var text = ModelCatalog.summary(
            family: row.entry.family, info: row.info, repo: row.entry.repo, cached: row.cached)
        let reason = ModelCatalog.unsupportedReason(modelType: type, supported: supported)
        if let reason { text += "\n" + reason }
        gtk_label_set_text(g(row.summary), text)
        gtk_button_set_label(g(row.button), row.cached ? "Use" : "Get")
        gtk_widget_set_sensitive(row.button, reason == nil && cancellation == nil ? 1 : 0)
        gtk_widget_set_tooltip_text(
            row.button, reason ?? (row.cached ? "Select this cached model" : "Download and select it"))
    }

    // MARK: Downloading

    private func getTyped() {
        let text = String(cString: gtk_editable_get_text(g(repoEntry))).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            return showStatus("Type a repository id such as openai-community/gpt2", error: true)
        }
        get(text)
    }

    /// Downloads `repo` in the background (only families TokenGen runs), then hands it to `onReady`.
    private func get(_ repo: String) {
        guard cancellation == nil else { return showStatus("A download is already running", error: true) }
        let cancel = DownloadCancellation()
        cancellation = cancel
        setBusy(true)
        showStatus("", error: false)
        progress.start(repo)
        report?(.downloadStarted(repo))
        let settings = settings
        let request = DownloadRequest(repo: repo, allowedModelTypes: supported)
        DispatchQueue.global(qos: .userInitiated).async { [weak self] in
            let downloader = HubDownloader(settings: settings, cancellation: cancel)
            let scheduler = GLibScheduler()
            let outcome = Result {
                try downloader.download(request) { event in
                    scheduler.scheduleOnMain { self?.progress.apply(event) }
                }
            }
            scheduler.scheduleOnMain { self?.finish(repo, outcome) }
        }
    }

    private func finish(_ repo: String, _ outcome: Result<DownloadResult, Error>) {
        cancellation = nil
        switch outcome {
        case .success(let result):
            let size = result.files.reduce(Int64(0)) { $0 + $1.size }
            progress.finish(
                "Downloaded \(repo) (\(ByteCount.format(size))) — selected in the window", fraction: 1)
            if let index = rows.firstIndex(where: { $0.entry.repo == repo }) { rows[index].cached = true }
            report?(.downloadFinished(repo))
            onReady?(repo)
        case .failure(let error):
            progress.finish("Not downloaded: \(repo)")
            showStatus("\(error)", error: true)
            report?(.downloadFailed(repo, reason: "\(error)"))
        }
        setBusy(false)
    }

    private func setBusy(_ busy: Bool) {
        gtk_widget_set_sensitive(getButton, busy ? 0 : 1)
        for index in rows.indices { refresh(index) }
    }

    private func showStatus(_ text: String, error: Bool) {
        gtk_label_set_text(g(status), text)
        if error {
            gtk_widget_add_css_class(status, "error")
        } else {
            gtk_widget_remove_css_class(status, "error")
        }
    }
}
