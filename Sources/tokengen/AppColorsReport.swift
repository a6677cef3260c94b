import PluginKit
import Shell
import TimelinePlugin

/// The token colours the Timeline draws, for window tests (`TOKENGEN_TEST_GEOMETRY`): a token must keep
/// one colour for the whole analysis, and the tokens shown together must differ.
extension AppController {
    /// Writes `colors timeline ID=#RRGGBB …` (the tracks in legend order) when it changed; called whenever
    /// a plugin asks for a redraw, so every update the Timeline took (each streamed layer) is seen.
    func reportTokenColors() {
        guard environment.testGeometry,
            let timeline = slots.lazy.compactMap({ $0.pane?.plugin as? TimelinePlugin }).first,
            let model = timeline.model
        else { return }
        let theme = host.settings.theme
        let pairs = model.tracks.map { "\($0.id)=\(timeline.color(of: $0, theme: theme).hexString)" }
        let event = ReadinessEvent.colors(plugin: "timeline", pairs: pairs)
        guard event != lastColorsReport else { return }
        lastColorsReport = event
        window.report(event)
    }
}
