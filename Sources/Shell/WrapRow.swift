import CGtk

/// A row of widget groups that wraps onto more lines when the window is too narrow for one, packing
/// each line greedily in order (GtkFlowBox would align the groups in columns, spreading them out).
///
/// The width comes from a zero-height drawing area's `resize` signal, which fires whenever the row's
/// allocation changes; repacking is deferred to an idle callback so the tree never changes during
/// allocation.
@MainActor final class WrapRow {
    /// The vertical box to put in the window.
    let widget: UnsafeMutablePointer<GtkWidget>
    private let groups: [UnsafeMutablePointer<GtkWidget>]
    private var lines: [UnsafeMutablePointer<GtkWidget>] = []
    private var plan: [Int] = []
    private var width = 0
    private var pending = false
    private let spacing: Int32

    init(_ groups: [UnsafeMutablePointer<GtkWidget>], spacing: Int32 = 12, initialWidth: Int) {
        self.groups = groups
        self.spacing = spacing
        widget = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 4)
        let probe: UnsafeMutablePointer<GtkWidget> = gtk_drawing_area_new()
        gtk_widget_set_hexpand(probe, 1)
        gtk_widget_set_size_request(probe, -1, 0)
        gtk_box_append(g(widget), probe)
        for group in groups { g_object_ref_sink(group.gRaw) }
        Signal.onSize(probe, "resize") { [weak self] width, _ in self?.resized(width) }
        width = initialWidth
        repack()
    }

    private func resized(_ newWidth: Int) {
        guard newWidth != width else { return }
        width = newWidth
        guard !pending else { return }
        pending = true
        GLibScheduler().scheduleOnMain { [weak self] in
            self?.pending = false
            self?.repack()
        }
    }

    /// How many groups go on each line at `width`: as many as fit, at least one.
    static func lineSizes(widths: [Int], available: Int, spacing: Int) -> [Int] {
        var sizes: [Int] = []
        var used = 0, count = 0
        for w in widths {
            if count > 0, used + spacing + w > available {
                sizes.append(count)
                used = 0
                count = 0
            }
            used += (count > 0 ? spacing : 0) + w
            count += 1
        }
        if count > 0 { sizes.append(count) }
        return sizes
    }

    private func repack() {
        let widths = groups.map { group -> Int in
            var minimum: Int32 = 0, natural: Int32 = 0
            gtk_widget_measure(group, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, nil, nil)
            // The minimum: a line's boxes grow their groups towards natural width when there is room.
            return Int(minimum)
        }
        let sizes = Self.lineSizes(widths: widths, available: max(width, 1), spacing: Int(spacing))
        guard sizes != plan else { return }
        plan = sizes
        for line in lines {
            for group in groups where gtk_widget_get_parent(group) == line { gtk_box_remove(g(line), group) }
            gtk_box_remove(g(widget), line)
        }
        lines = []
        var next = 0
        for size in sizes {
            let line = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: spacing)
            for group in groups[next..<next + size] { gtk_box_append(g(line), group) }
            next += size
            gtk_box_append(g(widget), line)
            lines.append(line)
        }
    }
}
