import Analysis
import CGtk
import Foundation

/// What the app sets on the window, and what the window reports back about itself.
extension MainWindow {
    /// Shows the window.
    public func present() { gtk_window_present(g(window)) }

    /// Closes the window (as the close button does).
    public func close() { gtk_window_close(g(window)) }

    /// Fills both model dropdowns; `selected`/`compare` index `models` (nil: none selected).
    /// Does not call `onModelChosen`.
    public func setModels(_ models: [ModelEntry], selected: Int? = nil, compare: Int? = nil) {
        header.setModels(models, selected: selected, compare: compare)
    }

    /// Shows the prompt's tokens as chips and highlights `queryIndex` (nil: none). A long prompt gets
    /// the chips near the query at once and the others from `fillTokenChips()`.
    public func setTokens(_ tokens: [TokenEntry], queryIndex: Int?) {
        chips.setTokens(tokens, queryIndex: queryIndex)
    }

    /// Builds the chips a long prompt does not have yet, in idle batches (call it once its first layer
    /// is drawn); a no-op when every token has its chip.
    public func fillTokenChips() { chips.fillRemaining() }

    /// The tokens shown and the highlighted one.
    public var tokens: [TokenEntry] { chips.tokens }
    public var queryIndex: Int? { chips.queryIndex }

    /// Shows `text` in the status bar; in scripted runs (`TOKENGEN_READY_FILE`) also as `status TEXT`.
    public func setStatus(_ text: String) {
        statusBar.setStatus(text)
        if readiness.isRecording { report(.status(text)) }
    }

    public var statusText: String { statusBar.text }

    /// Shows a progress bar with a Cancel button at `fraction` (0…1); nil hides them.
    public func setProgress(_ fraction: Double?) { statusBar.setProgress(fraction) }

    /// Tells the user something went wrong: in the status bar (red), on stderr, and in a dialog
    /// (through `dialogs`, which skips it in scripted runs).
    public func showError(_ message: String) {
        statusBar.setStatus(message, isError: true)
        setProgress(nil)
        report(.error(message))
        dialogs.showError(message)
    }

    /// The prompt entry's text.
    public var prompt: String {
        get { String(cString: gtk_editable_get_text(g(promptEntry))) }
        set { gtk_editable_set_text(g(promptEntry), newValue) }
    }

    /// The options row's values; setting them does not call `onSettingsChanged`.
    public var controls: AnalysisControls {
        get { controlsRow.controls }
        set { controlsRow.apply(newValue) }
    }

    /// Limits the head spinner to the model's heads (H).
    public func setHeadCount(_ count: Int) { controlsRow.setHeadCount(count) }

    /// Enables or disables the Analyze action (e.g. while no model is loaded).
    public func setAnalyzeEnabled(_ enabled: Bool) { winActions.setEnabled("analyze", enabled) }

    /// Whether the dark variant of the theme is in use, so charts can pick a matching palette.
    public var isDark: Bool { SystemAppearance.isDark }

    /// Records a readiness event for test harnesses (`TOKENGEN_READY_FILE`, and stderr).
    public func report(_ event: ReadinessEvent) { readiness.mark(event) }

    /// The settings to persist: the ones restored, updated with what the user did.
    public var settings: ShellSettings {
        var current = storedSettings
        current.prompt = prompt
        current.controls = controls
        current.selectedPane = currentPane
        var width: Int32 = 0
        var height: Int32 = 0
        gtk_window_get_default_size(g(window), &width, &height)
        if width > 0, height > 0 {
            current.windowWidth = Int(width)
            current.windowHeight = Int(height)
        }
        return current
    }

    /// Runs a window or app action by its detailed name, e.g. `win.export` (tests, scripting).
    public func activateAction(_ name: String) {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return }
        (parts[0] == "app" ? appActions : winActions).activate(parts[1])
    }
}
