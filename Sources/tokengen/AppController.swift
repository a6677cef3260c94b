import Analysis
import Foundation
import ModelFiles
import PluginKit
import Shell
import Transformer

/// Runs the window: owns the analysis session, the plugin panes and what the user chose, and turns the
/// window's callbacks into analysis runs and the runs' updates into what the window shows.
///
/// Split by concern: this file wires the window; `+Run` starts runs and applies updates, `+Models` the
/// model pickers, `+Panes` the plugin panes and selections, `+Export` the export actions.
@MainActor final class AppController {
    let window: MainWindow
    /// Reads the lens of the seven positions next to the query in the background (chips answer at once).
    let session = AnalysisSession(backgroundPositions: 7)
    let host = WindowPluginHost()
    /// The scripting and test hooks, read once at start-up.
    var environment: ShellEnvironment { window.environment }
    /// One slot per window pane, in pane order.
    var slots: [PaneSlot] = []
    /// Kept alive: external plugins' libraries stay loaded while it exists.
    var catalog: ExternalPluginCatalog?

    /// The model analyzed (committed once a run tokenized with it).
    var model: ChosenModel
    /// A model chosen but not yet loaded: committed on `.tokenized`, reverted on failure.
    var pendingModel: ChosenModel?
    var compareModel: ChosenModel?
    /// Every model the pickers list.
    var entries: [ModelEntry] = []

    var prompt = ""
    var queryPosition: Int?
    var controls: AnalysisControls
    /// The last snapshot of the current run (what exports draw).
    var snapshot: SessionSnapshot?
    /// The analysis's readiness events, from the session's updates (subscribed before `handle`).
    let events: AnalysisEvents
    /// Set while clearing other panes' rubber bands, so their "cleared" callbacks are ignored.
    var propagatingSelection = false
    /// The long prompt (and model) the user agreed to run after seeing its estimate.
    var confirmedLongRun: (prompt: String, model: String)?
    /// The last `colors timeline …` test event (it is written only when it changes).
    var lastColorsReport: ReadinessEvent?

    init(window: MainWindow, model: ChosenModel, compare: ChosenModel?) {
        self.window = window
        self.model = model
        self.compareModel = compare
        self.controls = window.controls
        events = AnalysisEvents(
            session: session, trace: window.readiness, environment: window.environment,
            reportGeometry: { [weak window] in window?.reportGeometry() })
        events.onFirstLayerDrawn = { [weak window] in window?.fillTokenChips() }
    }

    /// Builds the application, wires the window when it is created and runs the main loop.
    static func runApplication(_ options: AppOptions) -> Int32 {
        let start: ChosenModel
        let compare: ChosenModel?
        do {
            start = try ChosenModel.resolve(options.model)
            compare = try options.compare.map { try ChosenModel.resolve($0) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
        let environment = ShellEnvironment.current
        let app = ShellApplication(
            unique: !environment.nonUnique, initialPrompt: options.prompt, environment: environment)
        app.version = TokenGen.version
        var controller: AppController?
        app.onWindowCreated = { window in
            // The comparison model saved last time comes back unless one was given (or it is gone).
            let saved = compare == nil ? window.savedCompareModel.flatMap { try? ChosenModel.resolve($0) } : nil
            let made = AppController(window: window, model: start, compare: compare ?? saved)
            controller = made
            made.wire(options: options, recent: app.settings.recentModels)
        }
        let status = app.run()
        withExtendedLifetime(controller) {}
        return status
    }

    private func wire(options: AppOptions, recent: [String]) {
        window.supportedModelTypes = Set(ModelRegistry.modelTypes.keys)
        host.settings = PluginSettings(theme: window.isDark ? .dark : .light)
        host.onRedraw = { [weak self] plugin in self?.redraw(plugin) }
        session.subscribeOnMain { [weak self] update in self?.handle(update) }
        addPluginPanes(pluginPaths: options.pluginPaths)
        setUpModels(recent: recent)
        window.onAnalyze = { [weak self] text in self?.analyze(text) }
        window.onCancel = { [weak self] in self?.session.cancel() }
        window.onModelChosen = { [weak self] path in self?.chooseModel(path) }
        window.onCompareModelChosen = { [weak self] path in self?.chooseCompareModel(path) }
        window.onTokenClicked = { [weak self] index in
            guard let self else { return }
            queryPosition = index
            window.setTokens(window.tokens, queryIndex: index)
            startRun(view: "chip")
        }
        window.onClearAnalysis = { [weak self] in self?.clearAnalysis() }
        window.onPaneSwitched = { [weak self] _ in self?.paneSwitched() }
        window.onSettingsChanged = { [weak self] values in
            guard let self else { return }
            let changed = Self.changedControl(from: controls, to: values)
            controls = values
            if !prompt.isEmpty { startRun(view: changed) }
        }
        window.onExport = { [weak self] index, url, options in self?.export(pane: index, to: url, options) }
        window.onExportAll = { [weak self] folder, options in self?.exportAll(to: folder, options) }
        if window.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            window.prompt = AppOptions.samplePrompt
        }
        analyze(window.prompt)
    }

    /// The name of the control that differs (`top-k`, `clusters`, `attention`, `head`, `features`,
    /// `contrast`, `corrupted`), for the `view-updated` event.
    static func changedControl(from old: AnalysisControls, to new: AnalysisControls) -> String {
        if old.topK != new.topK { return "top-k" }
        if old.clusters != new.clusters { return "clusters" }
        if old.aggregation != new.aggregation { return "attention" }
        if old.head != new.head { return "head" }
        if old.features != new.features { return "features" }
        if (old.corruptedPrompt ?? "") != (new.corruptedPrompt ?? "") { return "corrupted" }
        return "contrast"
    }

    /// An empty prompt was analyzed: stop any run and show every chart empty again.
    func clearAnalysis() {
        session.cancel()
        prompt = ""
        queryPosition = nil
        snapshot = nil
        clearSelection()
        resetPanes()
        if environment.testGeometry { window.reportGeometry() }
        window.report(.cleared)
    }

    /// A new prompt: forget the query position and the selection, then run.
    func analyze(_ text: String) {
        if text != prompt {
            queryPosition = nil
            clearSelection()
        }
        prompt = text
        startRun()
    }
}
