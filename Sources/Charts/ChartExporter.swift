import CCairo
import Foundation

/// File formats a chart can be written as.
public enum ExportFormat: String, Sendable, CaseIterable {
    case png, pdf, svg

    /// The format named by a file name's extension (case-insensitive), or nil.
    public init?(path: String) {
        self.init(rawValue: (path as NSString).pathExtension.lowercased())
    }
}

/// Pixels read back from an offscreen render (Cairo ARGB32: premultiplied, native-endian).
public struct RasterImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major 0xAARRGGBB values, premultiplied alpha.
    public let pixels: [UInt32]

    /// The straight-alpha colour at pixel (x, y).
    public func color(x: Int, y: Int) -> Color {
        let p = pixels[y * width + x]
        let a = Double(p >> 24) / 255
        guard a > 0 else { return .clear }
        func ch(_ shift: UInt32) -> Double { Double((p >> shift) & 0xFF) / 255 / a }
        return Color(red: ch(16), green: ch(8), blue: ch(0), alpha: a)
    }
}

/// Renders a drawing closure to PNG, PDF or SVG, writing atomically and never overwriting by accident.
public enum ChartExporter {
    /// Draws `size` user units into a file. PNG is `size × scale` pixels; PDF and SVG are vector,
    /// `size` in points, fonts embedded. The file appears complete or not at all (temp file + rename);
    /// an existing file is replaced only when `overwrite` is true.
    /// - Throws: `ChartsError` (file exists, folder missing, unwritable, bad size, Cairo failure),
    ///   or whatever `draw` throws.
    public static func export(
        to path: String, format: ExportFormat? = nil, size: Size, scale: Double = 1,
        overwrite: Bool = false, draw: (Canvas, Size) throws -> Void
    ) throws {
        guard let format = format ?? ExportFormat(path: path) else {
            throw ChartsError.unknownFormat(pathExtension: (path as NSString).pathExtension)
        }
        try validate(size: size, scale: scale)
        let fm = FileManager.default
        let dir =
            (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ChartsError.directoryMissing(path: dir)
        }
        if !overwrite && fm.fileExists(atPath: path) { throw ChartsError.fileExists(path: path) }
        let name = (path as NSString).lastPathComponent
        let temp = (dir as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        do {
            try render(format: format, to: temp, size: size, scale: scale, draw: draw)
            try commit(temp: temp, to: path, overwrite: overwrite)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Renders offscreen and returns the pixels (`size × scale`), for tests and thumbnails.
    public static func renderImage(
        size: Size, scale: Double = 1,
        draw: (Canvas, Size) throws -> Void
    ) throws -> RasterImage {
        try validate(size: size, scale: scale)
        let surface = try imageSurface(size: size, scale: scale)
        defer { cairo_surface_destroy(surface) }
        try drawOn(surface, size: size, draw: draw)
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw ChartsError.cairo(operation: "reading pixels", status: "no image data")
        }
        var pixels = [UInt32](repeating: 0, count: w * h)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * h) { bytes in
            for y in 0..<h {
                let row = UnsafeRawPointer(bytes + y * stride)
                for x in 0..<w {
                    pixels[y * w + x] = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                }
            }
        }
        return RasterImage(width: w, height: h, pixels: pixels)
    }

    private static func validate(size: Size, scale: Double) throws {
        guard size.width.isFinite, size.height.isFinite, size.width >= 1, size.height >= 1,
            size.width <= 20000, size.height <= 20000
        else {
            throw ChartsError.invalidSize(width: size.width, height: size.height)
        }
        guard scale.isFinite, scale > 0, scale <= 16, size.width * scale <= 32767,
            size.height * scale <= 32767
        else { throw ChartsError.invalidScale(scale) }
    }

    private static func imageSurface(size: Size, scale: Double) throws -> OpaquePointer {
        let w = Int32((size.width * scale).rounded(.up)), h = Int32((size.height * scale).rounded(.up))
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h) else {
            throw ChartsError.cairo(operation: "creating image", status: "no surface")
        }
        try check(s, "creating a \(w)×\(h) image")
        cairo_surface_set_device_scale(s, scale, scale)
        return s
    }

    private static func drawOn(_ surface: OpaquePointer, size: Size, draw: (Canvas, Size) throws -> Void)
        throws
    {
        guard let cr = cairo_create(surface) else {
            throw ChartsError.cairo(operation: "creating context", status: "no context")
        }
        let canvas = Canvas(cairo: cr)
        cairo_destroy(cr)  // the canvas holds its own reference
        try draw(canvas, size)
        if let status = canvas.errorStatus { throw ChartsError.cairo(operation: "drawing", status: status) }
    }

    private static func render(
        format: ExportFormat, to temp: String, size: Size, scale: Double,
        draw: (Canvas, Size) throws -> Void
    ) throws {
        switch format {
        case .png:
            let surface = try imageSurface(size: size, scale: scale)
            defer { cairo_surface_destroy(surface) }
            try drawOn(surface, size: size, draw: draw)
            let status = cairo_surface_write_to_png(surface, temp)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw ChartsError.notWritable(
                    path: temp, reason: String(cString: cairo_status_to_string(status)))
            }
        case .pdf, .svg:
            let surface =
                format == .pdf
                ? cairo_pdf_surface_create(temp, size.width, size.height)
                : cairo_svg_surface_create(temp, size.width, size.height)
            guard let surface else {
                throw ChartsError.cairo(operation: "creating \(format)", status: "no surface")
            }
            defer { cairo_surface_destroy(surface) }
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw ChartsError.notWritable(
                    path: temp, reason: String(cString: cairo_status_to_string(status)))
            }
            if format == .svg { cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1) }
            try drawOn(surface, size: size, draw: draw)
            if let cr = cairo_create(surface) {
                cairo_show_page(cr)
                cairo_destroy(cr)
            }
            cairo_surface_finish(surface)
            try check(surface, "writing \(format)")
        }
    }

    private static func check(_ surface: OpaquePointer, _ op: String) throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChartsError.cairo(operation: op, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Moves the finished temp file into place: `link` refuses an existing target atomically.
    private static func commit(temp: String, to path: String, overwrite: Bool) throws {
        if overwrite {
            guard rename(temp, path) == 0 else {
                throw ChartsError.notWritable(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        if link(temp, path) == 0 {
            unlink(temp)
            return
        }
        let err = errno
        if err == EEXIST { throw ChartsError.fileExists(path: path) }
        // Filesystems without hard links: check, then rename (a small race, but never silent).
        guard !FileManager.default.fileExists(atPath: path) else { throw ChartsError.fileExists(path: path) }
        guard rename(temp, path) == 0 else {
            throw ChartsError.notWritable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
