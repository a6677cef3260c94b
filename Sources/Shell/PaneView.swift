import CGtk

/// Hosts one `ChartPane` in a GtkDrawingArea: draws it, lets the user drag a selection over it, and
/// coalesces redraw requests.
///
/// Redraws: analysis updates can arrive many times per frame (one per layer); `requestRedraw()` only
/// sets a flag and queues one idle callback, which asks GTK to draw once.
@MainActor final class PaneView {
    let pane: ChartPane
    let area: UnsafeMutablePointer<GtkWidget>
    /// The committed selection, in pane coordinates.
    private(set) var selection: SelectionRect?
    /// The band being dragged, before release.
    private var dragBand: SelectionRect?
    private var dragStart: (x: Double, y: Double)?
    private var redrawPending = false
    /// How many times the pane was drawn (tests and readiness use it).
    private(set) var drawCount = 0
    /// How many redraws reached GTK after coalescing.
    private(set) var queuedDraws = 0
    /// Called after each draw.
    var onDrawn: (() -> Void)?
    /// Called when the committed selection changes (after the pane heard about it).
    var onSelection: ((SelectionRect?) -> Void)?

    init(pane: ChartPane) {
        self.pane = pane
        area = gtk_drawing_area_new()
        gtk_widget_set_hexpand(area, 1)
        gtk_widget_set_vexpand(area, 1)
        gtk_widget_set_focusable(area, 1)
        gtk_drawing_area_set_content_width(g(area), 320)
        gtk_drawing_area_set_content_height(g(area), 200)
        // No tooltip: the chart's own hover readout would be covered by it.
        Accessibility.setLabel(
            area, "\(pane.title) chart: drag to select a region; click or press Escape to clear it")
        let draw: GtkDrawingAreaDrawFunc = paneDrawTrampoline
        let release: GDestroyNotify = releaseBox
        gtk_drawing_area_set_draw_func(g(area), draw, ClosureBox<PaneView>.retained(self), release)
        installDragGesture()
        installMotion()
    }

    /// Pointer motion drives the pane's hover readout.
    private func installMotion() {
        let motion: OpaquePointer = gtk_event_controller_motion_new()
        Signal.onPoint(motion, "motion") { [weak self] x, y in
            guard let self, dragStart == nil else { return }
            if pane.hover(at: (x, y)) { gtk_widget_queue_draw(area) }
        }
        Signal.onVoid(motion, "leave") { [weak self] in
            guard let self else { return }
            if pane.hover(at: nil) { gtk_widget_queue_draw(area) }
        }
        gtk_widget_add_controller(area, g(motion))
    }

    private func installDragGesture() {
        let gesture: OpaquePointer = gtk_gesture_drag_new()
        Signal.onPoint(gesture, "drag-begin") { [weak self] x, y in
            guard let self else { return }
            gtk_widget_grab_focus(area)
            _ = pane.hover(at: nil)
            dragStart = (x, y)
            dragBand = nil
        }
        Signal.onPoint(gesture, "drag-update") { [weak self] dx, dy in
            guard let self else { return }
            guard let start = dragStart else { return }
            dragBand = SelectionRect(from: start, to: (start.x + dx, start.y + dy))
            gtk_widget_queue_draw(area)
        }
        Signal.onPoint(gesture, "drag-end") { [weak self] dx, dy in
            guard let self else { return }
            guard let start = dragStart else { return }
            let rect = SelectionRect(from: start, to: (start.x + dx, start.y + dy))
            dragStart = nil
            dragBand = nil
            if rect.isClick, pane.clicked(at: start.x, y: start.y) {
                gtk_widget_queue_draw(area)
                return
            }
            if rect.isClick && selection == nil {
                // A click clears a selection shown elsewhere too: say so even though this pane had none.
                pane.selectionChanged(nil)
                onSelection?(nil)
                gtk_widget_queue_draw(area)
                return
            }
            setSelection(rect.isClick ? nil : rect)
        }
        gtk_widget_add_controller(area, g(gesture))
    }

    /// Commits `rect` as the selection (nil clears it), tells the pane, and redraws the band.
    func setSelection(_ rect: SelectionRect?) {
        if rect == selection { gtk_widget_queue_draw(area); return }
        selection = rect
        pane.selectionChanged(rect)
        onSelection?(rect)
        gtk_widget_queue_draw(area)
    }

    /// Asks for one redraw soon; any number of calls before it happens cost one draw.
    func requestRedraw() {
        if redrawPending { return }
        redrawPending = true
        let run: GSourceFunc = paneRedrawTrampoline
        let release: GDestroyNotify = releaseBox
        // Just before GTK's own redraw priority, so the draw lands in the coming frame.
        g_idle_add_full(G_PRIORITY_HIGH_IDLE + 15, run, ClosureBox<PaneView>.retained(self), release)
    }

    fileprivate func performQueuedRedraw() {
        redrawPending = false
        queuedDraws += 1
        gtk_widget_queue_draw(area)
    }

    fileprivate func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        pane.draw(cr, width: width, height: height)
        if let band = dragBand ?? (pane.showsSelectionBand ? selection : nil) { Self.drawBand(band, on: cr) }
        drawCount += 1
        onDrawn?()
    }

    private static func drawBand(_ band: SelectionRect, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_rectangle(cr, band.x + 0.5, band.y + 0.5, band.width, band.height)
        cairo_set_source_rgba(cr, 0.21, 0.52, 0.89, 0.18)
        cairo_fill_preserve(cr)
        cairo_set_source_rgba(cr, 0.21, 0.52, 0.89, 0.9)
        cairo_set_line_width(cr, 1)
        cairo_stroke(cr)
        cairo_restore(cr)
    }
}

private func paneDrawTrampoline(
    _ area: UnsafeMutablePointer<GtkDrawingArea>?, _ cr: OpaquePointer?, _ width: Int32, _ height: Int32,
    _ data: gpointer?
) {
    guard let cr else { return }
    let bits = UInt(bitPattern: data)
    let crBits = UInt(bitPattern: Int(bitPattern: UnsafeMutableRawPointer(cr)))
    GTKThread.enter {
        guard let view = ClosureBox<PaneView>.take(bits),
            let raw = UnsafeMutableRawPointer(bitPattern: crBits)
        else { return }
        view.draw(OpaquePointer(raw), width: Double(width), height: Double(height))
    }
}

private func paneRedrawTrampoline(_ data: gpointer?) -> gboolean {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<PaneView>.take(bits)?.performQueuedRedraw() }
    return 0  // G_SOURCE_REMOVE
}
