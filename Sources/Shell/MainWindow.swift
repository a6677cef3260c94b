import CGtk
import Foundation

/// TokenGen's main window: model pickers, prompt, token chips, analysis controls, chart panes, status.
///
/// The window only shows things and reports what the user does; the app decides what happens by
/// setting the `on…` callbacks and calling the `set…` methods. Everything runs on the GTK main thread.
@MainActor public final class MainWindow {
    // MARK: Callbacks the app wires

    /// The user asked to analyze this (non-empty) prompt: Enter in the prompt, Analyze, or Ctrl+Enter.
    public var onAnalyze: ((String) -> Void)?
    /// The user asked to analyze an empty prompt: the chips are cleared; clear the charts too.
    public var onClearAnalysis: (() -> Void)?
    /// The user pressed Cancel next to the progress bar.
    public var onCancel: (() -> Void)?
    /// A model path was chosen: from the dropdown, Open Model…, or a file dropped on the window.
    public var onModelChosen: ((String) -> Void)?
    /// The comparison model was chosen; nil is "None".
    public var onCompareModelChosen: ((String?) -> Void)?
    /// The user clicked token chip `index`: make it the query position.
    public var onTokenClicked: ((Int) -> Void)?
    /// The selection on pane `index` changed (nil: cleared); the pane itself has been told already.
    public var onSelectionChanged: ((Int, SelectionRect?) -> Void)?
    /// The notebook now shows pane `index`.
    public var onPaneSwitched: ((Int) -> Void)?
    /// Export pane `index` to a file; report `.exportFinished` when written.
    public var onExport: ((Int, URL, ExportOptions) -> Void)?
    /// Export every pane into a folder; report `.exportFinished` when written.
    public var onExportAll: ((URL, ExportOptions) -> Void)?
    /// A control in the options row changed; the whole set of values is passed.
    public var onSettingsChanged: ((AnalysisControls) -> Void)?
    /// The window is closing (settings have been captured in `settings`).
    public var onClose: (() -> Void)?

    // MARK: Parts

    let window: UnsafeMutablePointer<GtkWidget>
    let header = HeaderBar()
    let promptEntry: UnsafeMutablePointer<GtkWidget>
    let chips = TokenChips()
    let controlsRow: ControlsRow
    let notebook: UnsafeMutablePointer<GtkWidget>
    let statusBar = StatusBar()
    let viewPicker = ViewPicker()
    private(set) var panes: [PaneView] = []
    let winActions: ActionSet
    let appActions: ActionSet
    /// Where the readiness events go (made once at start-up).
    public let readiness: any ReadinessTrace
    /// The scripting and test hooks, read once at start-up.
    public let environment: ShellEnvironment
    /// Where every dialog comes from; tests put their own presenter here.
    public var dialogs: any DialogPresenter
    private var readyMarked = false
    private var waitingForPaint = false
    var storedSettings: ShellSettings
    /// The app version shown in About.
    public var version = "0.1.0"
    /// `model_type`s the app can run (from the model registry): "Get model…" fetches only these.
    public var supportedModelTypes: Set<String> = []
    /// What `app.quit` does; by default it closes this window (the application then exits).
    public var onQuit: (() -> Void)?

    /// Builds the window (not yet shown; call `present()`).
    /// - Parameters:
    ///   - application: a `GtkApplication *` to attach to, or nil (tests).
    ///   - settings: restored window size, prompt, controls and pane.
    public init(
        application: OpaquePointer? = nil, settings: ShellSettings = ShellSettings(),
        environment: ShellEnvironment = .current, readiness: (any ReadinessTrace)? = nil
    ) {
        storedSettings = settings
        self.environment = environment
        self.readiness = readiness ?? ReadinessReporter(environment: environment)
        let window: UnsafeMutablePointer<GtkWidget> = gtk_window_new()
        self.window = window
        dialogs = GtkDialogPresenter(parent: window, environment: environment)
        if let application { gtk_window_set_application(g(window), g(application)) }
        gtk_window_set_title(g(window), "TokenGen")
        gtk_window_set_default_size(g(window), Int32(settings.windowWidth), Int32(settings.windowHeight))
        gtk_window_set_titlebar(g(window), header.widget)
        promptEntry = gtk_entry_new()
        controlsRow = ControlsRow(settings.controls, width: settings.windowWidth - 20)
        notebook = gtk_notebook_new()
        winActions = ActionSet(prefix: "win", on: window)
        appActions = ActionSet(prefix: "app", on: window)
        layOut()
        gtk_editable_set_text(g(promptEntry), settings.prompt)
        connectParts()
        installActions()
        installKeyActions()
        Shortcuts.install(on: window)
        installEscapeKey()
        ModelDropTarget.install(on: window) { [weak self] path in self?.chooseModel(path) }
        installModelDrag()
    }

    private func layOut() {
        let content = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 8)
        Widgets.setMargins(content, 10)
        let promptRow = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 8)
        gtk_widget_set_hexpand(promptEntry, 1)
        gtk_entry_set_placeholder_text(g(promptEntry), "Type a prompt and press Enter")
        Widgets.describe(
            promptEntry, label: "Prompt", tooltip: "The text to analyze; Enter runs the analysis")
        Widgets.append(promptRow, Widgets.mnemonicLabel("_Prompt", for: promptEntry), promptEntry)
        gtk_notebook_set_scrollable(g(notebook), 1)
        gtk_widget_set_vexpand(notebook, 1)
        gtk_notebook_set_action_widget(g(notebook), viewPicker.widget, GTK_PACK_END)
        // An accessible name only: a tooltip would sit over the chart and its hover readout.
        Accessibility.setLabel(notebook, "Charts")
        Widgets.append(content, promptRow, chips.widget, controlsRow.widget, notebook, statusBar.widget)
        gtk_window_set_child(g(window), content)
    }

    private func connectParts() {
        Signal.onVoid(promptEntry, "activate") { [weak self] in self?.analyze() }
        header.onModelChosen = { [weak self] entry in self?.chooseModel(entry.path) }
        header.onGetModel = { [weak self] forComparison in self?.getModel(forComparison: forComparison) }
        header.onCompareChosen = { [weak self] entry in
            guard let self else { return }
            if entry == nil { storedSettings.compareModel = nil }
            onCompareModelChosen?(entry?.path)
        }
        header.onCompareOpenFile = { [weak self] in self?.activateAction("win.open-compare") }
        chips.onClick = { [weak self] index in self?.chooseQuery(index) }
        controlsRow.onChange = { [weak self] values in self?.onSettingsChanged?(values) }
        statusBar.onCancel = { [weak self] in self?.onCancel?() }
        Signal.onVoid3(notebook, "notify::page") { [weak self] in
            guard let self else { return }
            showViews()
            if panes.indices.contains(currentPane) { report(.pane(index: currentPane, title: panes[currentPane].pane.title)) }
            onPaneSwitched?(currentPane)
        }
        viewPicker.onPick = { [weak self] index in self?.pickView(index) }
        Signal.onBool(window, "close-request") { [weak self] in
            guard let self else { return false }
            storedSettings = settings
            onClose?()
            return false
        }
        Signal.onVoid(window, "map") { [weak self] in
            guard let self else { return }
            if panes.isEmpty {
                GLibScheduler().scheduleOnMain { [weak self] in self?.markReadyOnce() }
            }
        }
    }

    private func installEscapeKey() {
        let keys: OpaquePointer = gtk_event_controller_key_new()
        Signal.onKey(keys) { [weak self] keyval, _ in
            guard let self else { return false }
            // The pane shown first, else whichever pane holds the selection (it may be on another tab).
            guard keyval == UInt32(GDK_KEY_Escape),
                let index = panes.indices.contains(currentPane) && panes[currentPane].selection != nil
                    ? currentPane : panes.firstIndex(where: { $0.selection != nil })
            else { return false }
            setSelection(nil, pane: index)
            return true
        }
        gtk_widget_add_controller(window, g(keys))
    }

    /// Runs the analyze flow as if the user pressed Enter.
    func analyze() {
        let text = prompt
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            setTokens([], queryIndex: nil)
            setProgress(nil)
            onClearAnalysis?()
            setStatus("Type a prompt to analyze")
            return
        }
        storedSettings.prompt = text
        onAnalyze?(text)
    }

    func chooseModel(_ path: String) {
        guard OpenModelDialog.isModel(path) || !path.hasPrefix("/") else {
            showError(ShellError.notAModel(path: path).description)
            return
        }
        onModelChosen?(path)
    }

    /// Adds `path` to the recent models; the app calls it once the model has opened (a file that
    /// fails to open is never offered again).
    public func rememberModel(_ path: String) { storedSettings.rememberModel(path) }

    /// Saves `path` (nil: none) as the comparison model to restore next time; the app calls it once
    /// the comparison ran.
    public func rememberCompareModel(_ path: String?) { storedSettings.compareModel = path }

    /// The comparison model saved last time, if any.
    public var savedCompareModel: String? { storedSettings.compareModel }

    func chooseCompareModel(_ path: String) {
        guard OpenModelDialog.isModel(path) || !path.hasPrefix("/") else {
            showError(ShellError.notAModel(path: path).description)
            return
        }
        onCompareModelChosen?(path)
    }

    /// Marks ready once the frame being drawn has been painted (a screenshot then shows it).
    private func markReadyAfterPaint() {
        if readyMarked || waitingForPaint { return }
        guard let clock = gtk_widget_get_frame_clock(window) else { return markReadyOnce() }
        waitingForPaint = true
        Signal.onVoid(clock, "after-paint") { [weak self] in self?.markReadyOnce() }
    }

    private func markReadyOnce() {
        if readyMarked { return }
        readyMarked = true
        report(.ready)
    }

    // MARK: Panes

    /// Adds `pane` as a new notebook page; returns its index.
    @discardableResult
    public func addPane(_ pane: ChartPane) -> Int {
        let view = PaneView(pane: pane)
        let index = panes.count
        view.onDrawn = { [weak self] in self?.markReadyAfterPaint() }
        view.onSelection = { [weak self] rect in self?.onSelectionChanged?(index, rect) }
        panes.append(view)
        let tab: UnsafeMutablePointer<GtkWidget> = gtk_label_new(pane.title)
        gtk_notebook_append_page(g(notebook), view.area, tab)
        if index == storedSettings.selectedPane { gtk_notebook_set_current_page(g(notebook), Int32(index)) }
        showViews()
        return index
    }

    public var paneCount: Int { panes.count }

    /// The View dropdown follows the chart shown.
    func showViews() {
        guard panes.indices.contains(currentPane) else { return viewPicker.show([], selected: 0) }
        let pane = panes[currentPane].pane
        viewPicker.show(pane.views, selected: pane.view)
    }

    /// Shows the current chart's view `index` (the View dropdown, or tests).
    public func pickView(_ index: Int) {
        guard panes.indices.contains(currentPane) else { return }
        let pane = panes[currentPane].pane
        guard pane.views.indices.contains(index) else { return }
        pane.view = index
        panes[currentPane].requestRedraw()
        report(.view(pane: pane.title, name: pane.views[index]))
    }

    /// Removes every pane (e.g. before adding the plugins for another model).
    public func removeAllPanes() {
        while gtk_notebook_get_n_pages(g(notebook)) > 0 { gtk_notebook_remove_page(g(notebook), -1) }
        panes.removeAll()
    }

    /// The page shown (0 when there are none); setting it switches pages.
    public var currentPane: Int {
        get { max(0, Int(gtk_notebook_get_current_page(g(notebook)))) }
        set { gtk_notebook_set_current_page(g(notebook), Int32(newValue)) }
    }

    /// Asks every pane to redraw; calls within one frame coalesce into one draw per pane.
    public func queueRedraw() { panes.forEach { $0.requestRedraw() } }

    /// Asks pane `index` to redraw (coalesced).
    public func queueRedraw(pane index: Int) {
        guard panes.indices.contains(index) else { return }
        panes[index].requestRedraw()
    }

    /// Sets or clears (nil) the selection on pane `index`, as a drag would; the pane is told.
    public func setSelection(_ rect: SelectionRect?, pane index: Int) {
        guard panes.indices.contains(index) else { return }
        panes[index].setSelection(rect)
    }

    public func selection(pane index: Int) -> SelectionRect? {
        panes.indices.contains(index) ? panes[index].selection : nil
    }
}
